/**
 * The {@code personalize-kit} command-line tool: {@link io.personalizekit.cli.PersonalizeKitCli} and its
 * subcommands ({@code validate}, {@code profile}, {@code plan}, {@code apply}, {@code teardown}, {@code recommend},
 * {@code fetch}, {@code serve}, {@code local}), the exit codes of {@link io.personalizekit.cli.ExitCodes}. See
 * docs/cli.md.
 */
@NullMarked
package io.personalizekit.cli;

import org.jspecify.annotations.NullMarked;
