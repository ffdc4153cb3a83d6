/** JMH benchmarks and benchmark mains of personalize-kit; see docs/benchmarks.md for how to run them. */
package io.personalizekit.benchmarks;
