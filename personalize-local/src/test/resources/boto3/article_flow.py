"""The article's flow with boto3 against personalize-local.

Usage: python3 article_flow.py <personalize-endpoint> <s3-endpoint>

Creates schemas, a dataset group and two datasets, uploads the CSVs with boto3's S3 client, imports them, trains
an aws-similar-items solution version, deploys a campaign, asks personalize-runtime for 25 similar articles, puts
an item through personalize-events, and triggers one typed error. Prints one "KEY value" line per check; exits
non-zero on any failure. Credentials and region come from the environment.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3"
RECIPE = "arn:aws:personalize:::recipe/aws-similar-items"
TOPICS = ["SPORTS", "SCIENCE", "POLITICS", "ENTERTAINMENT", "HEALTH", "ECONOMICS", "TECHNOLOGY", "COVID"]
ITEMS_SCHEMA = {
    "type": "record", "name": "Items", "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "ITEM_ID", "type": "string"},
        {"name": "LABELS", "type": ["null", "string"], "categorical": True},
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


def items_csv():
    rows = ["ITEM_ID,LABELS,CREATION_TIMESTAMP"]
    for i in range(1, 201):
        rows.append("%d,%s|%s,%d" % (i, TOPICS[i % 8], TOPICS[(i + 3) % 8], 1570000000 + i * 1000))
    return "\n".join(rows) + "\n"


def interactions_csv():
    rows = ["USER_ID,ITEM_ID,TIMESTAMP"]
    t = 1586731606
    for u in range(1, 121):
        topic = u % 8
        for k in range(12):
            item = topic + 8 * ((u * 7 + k * 3) % 25) or 8
            rows.append("%d,%d,%d" % (u, item, t))
            t += 1
    return "\n".join(rows) + "\n"


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


def main(endpoint, s3_endpoint):
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    p = boto3.client("personalize", endpoint_url=endpoint, config=config)
    runtime = boto3.client("personalize-runtime", endpoint_url=endpoint, config=config)
    events = boto3.client("personalize-events", endpoint_url=endpoint, config=config)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint,
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    s3.create_bucket(Bucket="boto3-news")
    s3.put_object(Bucket="boto3-news", Key="items.csv", Body=items_csv().encode())
    s3.put_object(Bucket="boto3-news", Key="interactions.csv", Body=interactions_csv().encode())
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="boto3-news")["Contents"])
    print("S3_OBJECTS " + ",".join(keys))

    items_schema = p.create_schema(name="boto3-items", schema=json.dumps(ITEMS_SCHEMA))["schemaArn"]
    interactions_schema = p.create_schema(
        name="boto3-interactions", schema=json.dumps(INTERACTIONS_SCHEMA))["schemaArn"]
    group = p.create_dataset_group(name="boto3-news")["datasetGroupArn"]
    wait_active(lambda: p.describe_dataset_group(datasetGroupArn=group), "datasetGroup")
    items = p.create_dataset(name="boto3-items", datasetGroupArn=group, schemaArn=items_schema,
                             datasetType="Items")["datasetArn"]
    interactions = p.create_dataset(name="boto3-interactions", datasetGroupArn=group,
                                    schemaArn=interactions_schema, datasetType="Interactions")["datasetArn"]
    for arn in (items, interactions):
        wait_active(lambda: p.describe_dataset(datasetArn=arn), "dataset")

    jobs = []
    for name, dataset, key in (("items", items, "items.csv"), ("interactions", interactions, "interactions.csv")):
        jobs.append(p.create_dataset_import_job(
            jobName="boto3-%s-import" % name, datasetArn=dataset, roleArn=ROLE,
            dataSource={"dataLocation": "s3://boto3-news/" + key})["datasetImportJobArn"])
    for job in jobs:
        wait_active(lambda: p.describe_dataset_import_job(datasetImportJobArn=job), "datasetImportJob")
    print("IMPORTS ACTIVE %d" % len(jobs))

    # Older botocore (Debian's 1.29) predates performAutoTraining; send it only when the model knows it.
    extra = {}
    if "performAutoTraining" in p.meta.service_model.operation_model("CreateSolution").input_shape.members:
        extra["performAutoTraining"] = False
    solution = p.create_solution(name="boto3-similar", datasetGroupArn=group, recipeArn=RECIPE,
                                 **extra)["solutionArn"]
    wait_active(lambda: p.describe_solution(solutionArn=solution), "solution")
    version = p.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    wait_active(lambda: p.describe_solution_version(solutionVersionArn=version), "solutionVersion")
    campaign = p.create_campaign(name="boto3-campaign", solutionVersionArn=version,
                                 minProvisionedTPS=1)["campaignArn"]
    described = wait_active(lambda: p.describe_campaign(campaignArn=campaign), "campaign")
    print("CAMPAIGN %s %s" % (campaign, type(described["creationDateTime"]).__name__))

    recs = runtime.get_recommendations(campaignArn=campaign, itemId="1", numResults=25)
    print("RECOMMENDATIONS %d %s" % (len(recs["itemList"]), ",".join(i["itemId"] for i in recs["itemList"])))
    print("RECOMMENDATION_ID " + recs["recommendationId"])

    events.put_items(datasetArn=items, items=[
        {"itemId": "201", "properties": json.dumps({"labels": "SPORTS|HEALTH", "creationTimestamp": 1570300000})}])
    print("PUT_ITEMS ok")

    try:
        p.describe_campaign(campaignArn=campaign + "-missing")
        print("TYPED_ERROR none")
    except p.exceptions.ResourceNotFoundException as e:
        print("TYPED_ERROR %s %s" % (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]))
    print("DONE")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: article_flow.py <personalize-endpoint> <s3-endpoint>")
    main(sys.argv[1], sys.argv[2])
