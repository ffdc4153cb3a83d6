package io.personalizekit.examples.snippets;

/**
 * Runs the test class shown in docs/testing-with-personalize-local.md: the article's whole flow (schemas, CSV,
 * upload, pipeline, similar items) against personalize-local.
 */
class NewsPipelineLocalTest extends TestingWithLocalSnippets.NewsPipelineTest {}
