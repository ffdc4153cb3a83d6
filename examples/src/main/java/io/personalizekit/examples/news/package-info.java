/** The news-articles domain of the examples: a deterministic catalogue and reading activity. */
package io.personalizekit.examples.news;
