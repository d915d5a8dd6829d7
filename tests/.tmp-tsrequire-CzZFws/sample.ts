const v: string = "first 1113-1795841644307";
export const value = v;
