package io.personalizekit.examples.news;

import java.time.Instant;

/**
 * One user reading one article.
 *
 * @param userId the reader (USER_ID)
 * @param articleId the article (ITEM_ID)
 * @param at when they read it (TIMESTAMP)
 */
public record Reading(String userId, String articleId, Instant at) {}
