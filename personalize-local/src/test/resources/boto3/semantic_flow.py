"""A Semantic-Similarity flow with boto3 against personalize-local.

Usage: python3 semantic_flow.py <personalize-endpoint> <s3-endpoint> <items.csv> <items-schema.json> <seed>...

Uploads the items CSV with boto3's S3 client, creates a dataset group with only an Items dataset (an item name and a
textual field), imports it, trains an aws-semantic-similarity solution version, deploys a campaign, and asks
personalize-runtime for 10 related items per seed. Prints one "KEY value" line per check; exits non-zero on any
failure. Credentials and region come from the environment.
"""
import sys
import time

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3"
RECIPE = "arn:aws:personalize:::recipe/aws-semantic-similarity"


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


def main(endpoint, s3_endpoint, items_csv, items_schema, seeds):
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    p = boto3.client("personalize", endpoint_url=endpoint, config=config)
    runtime = boto3.client("personalize-runtime", endpoint_url=endpoint, config=config)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint,
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    s3.create_bucket(Bucket="boto3-semantic")
    with open(items_csv, "rb") as f:
        s3.put_object(Bucket="boto3-semantic", Key="items.csv", Body=f.read())
    with open(items_schema) as f:
        schema = p.create_schema(name="boto3-semantic-items", schema=f.read())["schemaArn"]
    group = p.create_dataset_group(name="boto3-semantic")["datasetGroupArn"]
    wait_active(lambda: p.describe_dataset_group(datasetGroupArn=group), "datasetGroup")
    items = p.create_dataset(name="boto3-semantic-items", datasetGroupArn=group, schemaArn=schema,
                             datasetType="Items")["datasetArn"]
    wait_active(lambda: p.describe_dataset(datasetArn=items), "dataset")
    job = p.create_dataset_import_job(jobName="boto3-semantic-import", datasetArn=items, roleArn=ROLE,
                                      dataSource={"dataLocation": "s3://boto3-semantic/items.csv"})
    wait_active(lambda: p.describe_dataset_import_job(datasetImportJobArn=job["datasetImportJobArn"]),
                "datasetImportJob")

    # Older botocore (Debian's 1.29) predates performAutoTraining; send it only when the model knows it.
    extra = {}
    if "performAutoTraining" in p.meta.service_model.operation_model("CreateSolution").input_shape.members:
        extra["performAutoTraining"] = False
    solution = p.create_solution(name="boto3-semantic", datasetGroupArn=group, recipeArn=RECIPE,
                                 **extra)["solutionArn"]
    wait_active(lambda: p.describe_solution(solutionArn=solution), "solution")
    version = p.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    described = wait_active(lambda: p.describe_solution_version(solutionVersionArn=version), "solutionVersion")
    print("RECIPE " + described["recipeArn"])
    metrics = p.get_solution_metrics(solutionVersionArn=version)["metrics"]
    print("METRICS " + ",".join(sorted(metrics)))
    campaign = p.create_campaign(name="boto3-semantic", solutionVersionArn=version)["campaignArn"]
    wait_active(lambda: p.describe_campaign(campaignArn=campaign), "campaign")
    print("CAMPAIGN " + campaign)

    for seed in seeds:
        recs = runtime.get_recommendations(campaignArn=campaign, itemId=seed, numResults=10)
        print("RELATED_%s %s" % (seed, ",".join(i["itemId"] for i in recs["itemList"])))
    print("DONE")


if __name__ == "__main__":
    if len(sys.argv) < 6:
        raise SystemExit(
            "usage: semantic_flow.py <personalize-endpoint> <s3-endpoint> <items.csv> <items-schema.json> <seed>...")
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
