/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // End-to-end tests drive the real pulumi CLI; each owns its emulator and temp dirs.
  testTimeout: 30000,
  // Two cores: the CLI tests are heavy, so keep parallelism modest.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
};
