"""A user-personalization flow with boto3 against personalize-local.

Usage: python3 user_personalization_flow.py <personalize-endpoint> <s3-endpoint> <items.csv> <interactions.csv>

Uploads the two CSVs with boto3's S3 client, imports them into a new dataset group, trains an
aws-user-personalization-v2 solution version and an aws-personalized-ranking-v2 one, deploys a campaign of each,
asks for user u3's recommendations, streams five clicks of u3 with put_events and asks again (no retraining), and
ranks a list for u3. Prints one "KEY value" line per check; exits non-zero on any failure. Credentials and region
come from the environment.
"""
import datetime
import json
import sys
import time

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3"
ITEMS_SCHEMA = {
    "type": "record", "name": "Items", "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TOPIC", "type": "string", "categorical": True},
        {"name": "CREATION_TIMESTAMP", "type": "long"},
    ],
    "version": "1.0",
}
INTERACTIONS_SCHEMA = {
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
    ],
    "version": "1.0",
}


def wait_active(describe, key, deadline_s=60):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        resource = describe()[key]
        status = resource["status"]
        if status == "ACTIVE":
            return resource
        if status in ("CREATE FAILED", "CREATE STOPPED"):
            raise SystemExit("%s ended %s: %s" % (key, status, resource.get("failureReason")))
        time.sleep(0.005)
    raise SystemExit("%s not ACTIVE after %d s" % (key, deadline_s))


def campaign_of(p, group, name, recipe):
    extra = {}
    if "performAutoTraining" in p.meta.service_model.operation_model("CreateSolution").input_shape.members:
        extra["performAutoTraining"] = False
    solution = p.create_solution(name=name, datasetGroupArn=group,
                                 recipeArn="arn:aws:personalize:::recipe/" + recipe, **extra)["solutionArn"]
    wait_active(lambda: p.describe_solution(solutionArn=solution), "solution")
    version = p.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    wait_active(lambda: p.describe_solution_version(solutionVersionArn=version), "solutionVersion")
    campaign = p.create_campaign(name=name, solutionVersionArn=version)["campaignArn"]
    wait_active(lambda: p.describe_campaign(campaignArn=campaign), "campaign")
    return campaign


def main(endpoint, s3_endpoint, items_csv, interactions_csv):
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    p = boto3.client("personalize", endpoint_url=endpoint, config=config)
    runtime = boto3.client("personalize-runtime", endpoint_url=endpoint, config=config)
    events = boto3.client("personalize-events", endpoint_url=endpoint, config=config)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint,
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    s3.create_bucket(Bucket="boto3-topics")
    for key, path in (("items.csv", items_csv), ("interactions.csv", interactions_csv)):
        with open(path, "rb") as f:
            s3.put_object(Bucket="boto3-topics", Key=key, Body=f.read())

    group = p.create_dataset_group(name="boto3-topics")["datasetGroupArn"]
    wait_active(lambda: p.describe_dataset_group(datasetGroupArn=group), "datasetGroup")
    for name, schema, dataset_type, key in (("items", ITEMS_SCHEMA, "Items", "items.csv"),
                                            ("interactions", INTERACTIONS_SCHEMA, "Interactions", "interactions.csv")):
        schema_arn = p.create_schema(name="boto3-topics-" + name, schema=json.dumps(schema))["schemaArn"]
        dataset = p.create_dataset(name="boto3-topics-" + name, datasetGroupArn=group, schemaArn=schema_arn,
                                   datasetType=dataset_type)["datasetArn"]
        wait_active(lambda: p.describe_dataset(datasetArn=dataset), "dataset")
        job = p.create_dataset_import_job(jobName="boto3-topics-" + name, datasetArn=dataset, roleArn=ROLE,
                                          dataSource={"dataLocation": "s3://boto3-topics/" + key})["datasetImportJobArn"]
        wait_active(lambda: p.describe_dataset_import_job(datasetImportJobArn=job), "datasetImportJob")
    print("IMPORTS ok")

    up = campaign_of(p, group, "boto3-up-v2", "aws-user-personalization-v2")
    recs = runtime.get_recommendations(campaignArn=up, userId="u3", numResults=10)["itemList"]
    print("RECOMMENDATIONS %s" % ",".join(i["itemId"] for i in recs))
    print("SCORES %s" % ",".join("%.6f" % i["score"] for i in recs))

    tracker = p.create_event_tracker(name="boto3-topics-events", datasetGroupArn=group)["eventTrackerArn"]
    tracking_id = wait_active(lambda: p.describe_event_tracker(eventTrackerArn=tracker), "eventTracker")["trackingId"]
    later = datetime.datetime.fromtimestamp(1_700_000_000 + 1_000_000, tz=datetime.timezone.utc)
    events.put_events(trackingId=tracking_id, userId="u3", sessionId="boto3-session", eventList=[
        {"eventType": "click", "itemId": "t7-%d" % k, "sentAt": later + datetime.timedelta(seconds=k)}
        for k in range(5)])
    after = runtime.get_recommendations(campaignArn=up, userId="u3", numResults=10)["itemList"]
    print("AFTER_EVENTS %s" % ",".join(i["itemId"] for i in after))

    ranking = campaign_of(p, group, "boto3-ranking", "aws-personalized-ranking-v2")
    ranked = runtime.get_personalized_ranking(campaignArn=ranking, userId="u3",
                                              inputList=["t9-2", "t3-4", "unknown-item", "t3-7"])
    print("RANKING %s" % ",".join(i["itemId"] for i in ranked["personalizedRanking"]))
    print("UNSCORED %s" % ",".join(i["itemId"] for i in ranked["personalizedRanking"] if "score" not in i))
    print("DONE")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit("usage: user_personalization_flow.py <endpoint> <s3-endpoint> <items.csv> <interactions.csv>")
    main(*sys.argv[1:])
