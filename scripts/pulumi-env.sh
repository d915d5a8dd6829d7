# Sourced by scripts/pulumi.sh (`npm run pulumi`) and scripts/start.sh (`npm start`): the engine
# settings this project chooses, each only where the caller has not set it.
#
# PULUMI_PARALLEL: how many resource operations the engine runs at once. Its default is 4 × the
# CPU cores (8 on a 2-core CI runner), a bound for CPU-bound providers; ours wait on the network.
# With it, a 10-site estate had only 8 bindings at work while each waited for its new site's
# default route to settle, and the last two started about 5 s late (bench/results-speed.md). 64
# lets an estate of up to 64 sites do each step for every site at once. It is bounded all the
# same: Genesys allows 300 requests a minute per token, a resource operation makes one to three,
# so more operations in flight than that would only buy 429s (which the client retries).
export PULUMI_PARALLEL=${PULUMI_PARALLEL:-64}
