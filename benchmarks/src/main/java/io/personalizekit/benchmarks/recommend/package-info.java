/** JMH benchmarks of the similar-items client: fan-out over several seeds against a local server with latency. */
package io.personalizekit.benchmarks.recommend;
