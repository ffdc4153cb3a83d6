/**
 * The code samples of the guides in {@code docs/}, one class per guide. Each guide's {@code ```java} blocks are
 * copied verbatim from the bodies of these methods, and {@code DocSnippetsTest} fails the build when a block no
 * longer appears here, so the guides always show code that compiles against the current API. A block preceded by
 * {@code <!-- snippet: Class#method -->} (optionally {@code :first-last}, lines of the body) is checked against that
 * class and method; {@code <!-- not-compiled -->} exempts a block, for the rare sample that cannot compile.
 */
package io.personalizekit.examples.snippets;
