package io.personalizekit.internal.recommend;

import io.personalizekit.recommend.Promotion;
import io.personalizekit.recommend.RecommendedItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsRequest;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/** Mapping between our request and result values and the runtime SDK's; shared by the default clients. */
final class RuntimeMapping {
    private static final Pattern ARN = Pattern.compile("arn:([a-z\\d-]+):personalize:.*:.*:.+");
    private static final int MAX_ARN_LENGTH = 256;

    private RuntimeMapping() {}

    static String checkArn(String what, String arn) {
        if (arn.length() > MAX_ARN_LENGTH || !ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException(what + " '" + arn + "' is not a Personalize ARN of at most "
                    + MAX_ARN_LENGTH + " characters (arn:<partition>:personalize:<region>:<account>:<resource>)");
        }
        return arn;
    }

    /**
     * Completes a {@code GetRecommendations} request with the target and the request values the similar-items and
     * user clients share; unset values are left off, as the service wants.
     */
    static GetRecommendationsRequest getRecommendations(
            GetRecommendationsRequest.Builder b,
            @Nullable String campaignArn,
            @Nullable String recommenderArn,
            Optional<String> filterArn,
            Map<String, String> filterValues,
            Map<String, String> context,
            List<String> metadataColumns,
            Optional<Promotion> promotion,
            Optional<AwsRequestOverrideConfiguration> overrideConfiguration) {
        if (campaignArn != null) {
            b.campaignArn(campaignArn);
        } else {
            b.recommenderArn(recommenderArn);
        }
        filterArn.ifPresent(b::filterArn);
        if (!filterValues.isEmpty()) {
            b.filterValues(filterValues);
        }
        if (!context.isEmpty()) {
            b.context(context);
        }
        if (!metadataColumns.isEmpty()) {
            b.metadataColumns(Map.of("ITEMS", metadataColumns));
        }
        promotion.ifPresent(p -> b.promotions(toSdk(p)));
        overrideConfiguration.ifPresent(b::overrideConfiguration);
        return b.build();
    }

    static software.amazon.awssdk.services.personalizeruntime.model.Promotion toSdk(Promotion p) {
        software.amazon.awssdk.services.personalizeruntime.model.Promotion.Builder b =
                software.amazon.awssdk.services.personalizeruntime.model.Promotion.builder()
                        .name(p.name())
                        .percentPromotedItems(p.percentPromotedItems())
                        .filterArn(p.filterArn());
        if (!p.filterValues().isEmpty()) {
            b.filterValues(p.filterValues());
        }
        return b.build();
    }

    static List<RecommendedItem> toItems(List<PredictedItem> predicted) {
        List<RecommendedItem> items = new ArrayList<>(predicted.size());
        for (PredictedItem p : predicted) {
            items.add(toItem(p));
        }
        return items;
    }

    static RecommendedItem toItem(PredictedItem p) {
        RecommendedItem.Builder b = RecommendedItem.builder().itemId(p.itemId()).score(p.score());
        if (p.hasMetadata()) {
            b.metadata(p.metadata());
        }
        b.promotionName(p.promotionName());
        if (p.hasReason()) {
            b.reasons(p.reason());
        }
        return b.build();
    }
}
