/**
 * Spring Boot auto-configuration of personalize-kit: the SDK clients, the similar-items client, the caching client
 * with its store (Redis from the application's settings, or in memory), the fetcher as a scheduled job and a health
 * indicator, all set with {@code personalize.*} properties ({@link io.personalizekit.spring.PersonalizeProperties})
 * and each replaced by a bean of the application's own. See docs/spring-boot.md.
 */
@NullMarked
package io.personalizekit.spring;

import org.jspecify.annotations.NullMarked;
