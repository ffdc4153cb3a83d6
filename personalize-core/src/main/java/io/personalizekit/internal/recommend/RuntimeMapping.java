package io.personalizekit.internal.recommend;

import io.personalizekit.recommend.Promotion;
import io.personalizekit.recommend.RecommendedItem;
import java.util.regex.Pattern;
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
