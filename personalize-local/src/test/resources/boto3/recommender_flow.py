"""A recommender flow with boto3 against personalize-local.

Usage: python3 recommender_flow.py <personalize-endpoint> <s3-endpoint>

Creates a VIDEO_ON_DEMAND domain dataset group with a domain schema and an Interactions dataset, uploads and
imports the watch events, creates an aws-vod-most-popular recommender, asks personalize-runtime for its
recommendations by recommenderArn, checks that a request without a userId is refused, stops the recommender (which
then serves nothing) and starts it again. Prints one "KEY value" line per check; exits non-zero on any failure.
Credentials and region come from the environment.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3"
MOST_POPULAR = "arn:aws:personalize:::recipe/aws-vod-most-popular"
INTERACTIONS_SCHEMA = {
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
    ],
    "version": "1.0",
}


def interactions_csv():
    """150 users each watch 10 videos of their genre (u % 4) and click 4; everyone watches v80."""
    rows = ["USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP"]
    t = 1700000000
    for u in range(1, 151):
        genre = u % 4
        for k in range(10):
            rows.append("u%d,v%d,Watch,%d" % (u, genre + 4 * ((u * 3 + k * 7) % 19) + 1, t))
            t += 1
        for k in range(4):
            rows.append("u%d,v%d,Click,%d" % (u, genre + 4 * ((u * 5 + k * 11 + 7) % 19) + 1, t))
            t += 1
        rows.append("u%d,v80,Watch,%d" % (u, t))
        t += 1
    return "\n".join(rows) + "\n"


def wait_status(describe, key, wanted, deadline_s=60):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        resource = describe()[key]
        status = resource["status"]
        if status == wanted:
            return resource
        if status in ("CREATE FAILED", "CREATE STOPPED"):
            raise SystemExit("%s ended %s: %s" % (key, status, resource.get("failureReason")))
        time.sleep(0.005)
    raise SystemExit("%s not %s after %d s" % (key, wanted, deadline_s))


def main(endpoint, s3_endpoint):
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    p = boto3.client("personalize", endpoint_url=endpoint, config=config)
    runtime = boto3.client("personalize-runtime", endpoint_url=endpoint, config=config)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint,
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    s3.create_bucket(Bucket="boto3-videos")
    s3.put_object(Bucket="boto3-videos", Key="interactions.csv", Body=interactions_csv().encode(),
                  ContentType="text/csv")
    print("S3_CONTENT_TYPE " + s3.head_object(Bucket="boto3-videos", Key="interactions.csv")["ContentType"])

    group = p.create_dataset_group(name="boto3-videos", domain="VIDEO_ON_DEMAND")["datasetGroupArn"]
    described = wait_status(lambda: p.describe_dataset_group(datasetGroupArn=group), "datasetGroup", "ACTIVE")
    print("DOMAIN " + described["domain"])
    schema = p.create_schema(name="boto3-videos-interactions", domain="VIDEO_ON_DEMAND",
                             schema=json.dumps(INTERACTIONS_SCHEMA))["schemaArn"]
    dataset = p.create_dataset(name="boto3-videos-interactions", datasetGroupArn=group, schemaArn=schema,
                               datasetType="Interactions")["datasetArn"]
    wait_status(lambda: p.describe_dataset(datasetArn=dataset), "dataset", "ACTIVE")
    job = p.create_dataset_import_job(jobName="boto3-videos-import", datasetArn=dataset, roleArn=ROLE,
                                      dataSource={"dataLocation": "s3://boto3-videos/interactions.csv"})
    wait_status(lambda: p.describe_dataset_import_job(datasetImportJobArn=job["datasetImportJobArn"]),
                "datasetImportJob", "ACTIVE")

    recommender = p.create_recommender(name="boto3-most-popular", datasetGroupArn=group,
                                       recipeArn=MOST_POPULAR)["recommenderArn"]
    wait_status(lambda: p.describe_recommender(recommenderArn=recommender), "recommender", "ACTIVE")
    print("RECOMMENDER " + recommender)

    recs = runtime.get_recommendations(recommenderArn=recommender, userId="u1", numResults=5)
    print("RECOMMENDATIONS %d %s" % (len(recs["itemList"]), ",".join(i["itemId"] for i in recs["itemList"])))
    try:
        runtime.get_recommendations(recommenderArn=recommender)
        print("USER_ID_REQUIRED none")
    except runtime.exceptions.InvalidInputException as e:
        print("USER_ID_REQUIRED %s %s" % (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]))

    p.stop_recommender(recommenderArn=recommender)
    wait_status(lambda: p.describe_recommender(recommenderArn=recommender), "recommender", "INACTIVE")
    try:
        runtime.get_recommendations(recommenderArn=recommender, userId="u1")
        print("STOPPED_ERROR none")
    except runtime.exceptions.ResourceNotFoundException as e:
        print("STOPPED_ERROR %s %s" % (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]))
    p.start_recommender(recommenderArn=recommender)
    wait_status(lambda: p.describe_recommender(recommenderArn=recommender), "recommender", "ACTIVE")
    again = runtime.get_recommendations(recommenderArn=recommender, userId="u1", numResults=5)
    print("STARTED %d" % len(again["itemList"]))
    print("RECOMMENDERS %d" % len(p.list_recommenders(datasetGroupArn=group)["recommenders"]))
    print("DONE")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: recommender_flow.py <personalize-endpoint> <s3-endpoint>")
    main(sys.argv[1], sys.argv[2])
