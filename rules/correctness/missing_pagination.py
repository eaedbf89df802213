import re

import libcst as cst

from codeaudit.knowledge.pagination import paginated
from codeaudit.rule import Category, Confidence, PythonRule, Severity


#: Paginated in botocore's model but complete without a page-size argument (S3 ListBuckets returns every
#: general-purpose bucket unless MaxBuckets is given).
_COMPLETE_UNLESS_LIMITED = {"list_buckets"}
#: Receivers that name an AWS client/resource (`s3`, `self._client`, `ddb_table`, `s3_client()`).
_CLIENTISH = re.compile(
    r"client|(^|_)(s3|sns|sqs|ec2|iam|ddb|dynamodb|dynamo|table|logs|cfn|cloudformation|lambda_?|kms|ecs|ecr|eks|rds|ssm|"
    r"sts|route53|glue|athena|kinesis|firehose|organizations|secretsmanager|cloudwatch|events|sfn|ses|acm|elb|elbv2|"
    r"autoscaling|batch|codebuild|ce|cognito|apigateway|bedrock)$",
    re.I,
)


def _string(node) -> str | None:
    return node.evaluated_value if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str) else None


class MissingPagination(PythonRule):
    """The list in one page of a paginated boto3 call used as if it were the whole result.

    ## What it does
    Reports reading the result list of a paginated AWS call
    (`resp["Contents"]` / `resp.get("Contents", [])` after
    `s3.list_objects_v2(...)`, `["Items"]` after DynamoDB `scan`/`query`,
    `["Reservations"]` after `describe_instances`, ...) in a function that
    never looks at the continuation fields (`IsTruncated`,
    `NextContinuationToken`, `LastEvaluatedKey`, `NextToken`, ...), does not
    loop, does not use `get_paginator`, and does not cap the page size
    (`MaxKeys=`, `Limit=`, `MaxResults=`). The table of paginated methods
    comes from botocore's paginator definitions. The receiver must look like
    an AWS client (`s3`, `self._client`, `boto3.client("s3")`,
    `s3_client()`); `describe_*` calls naming one resource
    (`StackName=`, `...Id=`) and calls passing `**params` are left alone.

    ## Why is this bad
    These calls return one page: at most 1000 S3 keys, 1 MB of DynamoDB
    items. The code works in development and silently drops everything
    after the first page in production (a sync that never prunes, a report
    that undercounts).

    ## Example
    ```python
    resp = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    keys = [obj["Key"] for obj in resp.get("Contents", [])]
    ```

    ## Use instead
    ```python
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    keys = [obj["Key"] for page in pages for obj in page.get("Contents", [])]
    ```
    """

    code = "COR005"
    slug = "missing-pagination"
    category = Category.CORRECTNESS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"boto",)

    VALID = [
        "import boto3\ns3 = boto3.client('s3')\ndef keys(bucket):\n    pages = s3.get_paginator('list_objects_v2').paginate(Bucket=bucket)\n"
        "    return [o['Key'] for p in pages for o in p.get('Contents', [])]\n",
        "import boto3\ns3 = boto3.client('s3')\ndef keys(bucket):\n    out, token = [], None\n    while True:\n"
        "        kw = {'ContinuationToken': token} if token else {}\n        resp = s3.list_objects_v2(Bucket=bucket, **kw)\n"
        "        out += [o['Key'] for o in resp.get('Contents', [])]\n        if not resp.get('IsTruncated'):\n            return out\n"
        "        token = resp['NextContinuationToken']\n",
        "import boto3\ns3 = boto3.client('s3')\ndef exists(bucket, key):\n    resp = s3.list_objects_v2(Bucket=bucket, Prefix=key, MaxKeys=1)\n"
        "    return bool(resp.get('Contents'))\n",
        "import boto3\nddb = boto3.client('dynamodb')\ndef one(table, pk):\n    resp = ddb.get_item(TableName=table, Key=pk)\n    return resp.get('Item')\n",
        # not boto3: a SQLAlchemy-style query object has no 'Items' page
        "def f(session):\n    q = session.query(User)\n    return q.all()\n",
        # a service's own method or helper object of the same name is not an AWS call (boto in the file or not)
        "import boto3\nclass Backend:\n    def tags(self, arn):\n        return self.tagger.list_tags_for_resource(arn=arn)['Tags']\n",
        "import boto3\ncfn = boto3.client('cloudformation')\ndef exists(name):\n    resp = cfn.describe_stacks(StackName=name)\n    return len(resp['Stacks']) == 1\n",
        "import boto3\ns3 = boto3.client('s3')\ndef names():\n    return [b['Name'] for b in s3.list_buckets()['Buckets']]\n",
        "import boto3\ns3 = boto3.client('s3')\ndef run(params):\n    return s3.list_objects_v2(**params)['Contents']\n",
    ]
    INVALID = [
        "import boto3\ndef remote(bucket, prefix):\n    resp = boto3.client('s3').list_objects_v2(Bucket=bucket, Prefix=prefix)\n"
        "    return {o['Key']: o['ETag'] for o in resp.get('Contents', [])}  # expect: COR005\n",
        "import boto3\ntable = boto3.client('dynamodb')\ndef all_users():\n    resp = table.scan(TableName='users')\n"
        "    return resp['Items']  # expect: COR005\n",
        "import boto3\nclass Subscriber:\n    def __init__(self):\n        self.sns = boto3.client('sns')\n"
        "    def exists(self, arn):\n        return arn in [t['TopicArn'] for t in self.sns.list_topics()['Topics']]  # expect: COR005\n",
        "import boto3\nec2 = boto3.client('ec2')\ndef ids():\n    return [i['InstanceId'] for r in ec2.describe_instances()['Reservations'] for i in r['Instances']]  # expect: COR005\n",
        "import boto3\nlogs = boto3.client('logs')\ndef groups():\n    data = logs.describe_log_groups()\n    for g in data['logGroups']:  # expect: COR005\n        print(g['logGroupName'])\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._table = paginated()
        #: id(function or module) -> name -> (method, call)
        self._pages: dict[int, dict[str, tuple[str, cst.Call]]] = {}
        self._reported: set[int] = set()

    def _scope(self) -> dict[str, tuple[str, cst.Call]]:
        return self._pages.setdefault(id(self.ctx.function), {})

    def _method(self, call) -> str | None:
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
            return None
        method = call.func.attr.value
        if method not in self._table or method in _COMPLETE_UNLESS_LIMITED or not self._clientish(call.func.value):
            return None
        if any(a.star for a in call.args):
            return None  # **params may carry the continuation token or a page size
        if method.startswith("describe_") and any(
            a.keyword is not None and a.keyword.value.endswith(("Name", "Id", "Arn")) for a in call.args
        ):
            return None  # describe_stacks(StackName=...) names one resource: one page holds it
        return method

    def _clientish(self, receiver) -> bool:
        """Does the receiver look like a boto3 client or resource (by its name or the call that made it)?"""
        if isinstance(receiver, cst.Call):
            name = self.ctx.call_name(receiver) or ""
            if name.endswith((".client", ".resource", ".Table")) or name in ("client", "resource"):
                return True
            receiver = receiver.func
        if isinstance(receiver, cst.Attribute):
            receiver = receiver.attr
        return isinstance(receiver, cst.Name) and _CLIENTISH.search(receiver.value.lstrip("_")) is not None

    def visit_Assign(self, node: cst.Assign) -> None:
        method = self._method(node.value)
        if method and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._scope()[node.targets[0].target.value] = (method, node.value)

    def _check(self, node, receiver, key: str | None) -> None:
        if key is None or key.endswith("Count"):
            return
        if isinstance(receiver, cst.Name):
            found = self._scope().get(receiver.value)
            if found is None:
                return
            method, call = found
        else:
            method = self._method(receiver)
            if method is None:
                return
            call = receiver
        spec = self._table[method]
        if key not in spec["results"] or id(call) in self._reported:
            return
        if any(a.keyword is not None and a.keyword.value in spec["limits"] for a in call.args):
            return  # a capped page (MaxKeys=1 existence check) is deliberate
        if any(isinstance(s, cst.While) for s in self.ctx.scopes):
            return  # a hand-written page loop
        func = self.ctx.function
        text = self.ctx.code_of(func) if func is not None else self.ctx.source.text
        if "get_paginator" in text or any(token in text for token in spec["tokens"]):
            return
        self._reported.add(id(call))
        self.report(node, f"`{method}` returns one page: `{key}` holds only the first page of results and the rest "
                          f"is silently dropped; use client.get_paginator('{method}').paginate(...) and iterate the pages")

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            self._check(node, node.value, _string(node.slice[0].slice.value))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args:
            self._check(node, func.value, _string(node.args[0].value))
