"""IAM authentication to ElastiCache for Feast's Redis online store (loaded as `sitecustomize`).

Feast builds its redis-py client from a static connection string (`host:port,ssl=true,username=<user>`),
so it cannot refresh a password, and ElastiCache's IAM tokens are only accepted for 15 minutes. When
PLINTH_ELASTICACHE_CACHE_NAME is set, this module gives every redis-py client created with a username
and no password a credential provider that signs a fresh token for each new connection, with the
pod's own cloud identity (IRSA): nothing long-lived exists, in the cluster or in Terraform state.
Connections ElastiCache closes after 12 hours are reopened by redis-py with a new token.
"""

import os
from urllib.parse import urlencode

TOKEN_SECONDS = 900


def elasticache_iam_token(cache_name, user, region, credentials):
    """The AUTH password for `user` on replication group `cache_name`: a SigV4 presigned `connect` request without its scheme."""
    from botocore.auth import SigV4QueryAuth
    from botocore.awsrequest import AWSRequest

    request = AWSRequest(method="GET", url=f"http://{cache_name}/?{urlencode({'Action': 'connect', 'User': user})}")
    SigV4QueryAuth(credentials, "elasticache", region, expires=TOKEN_SECONDS).add_auth(request)
    return request.url[len("http://"):]


def _install(cache_name, region):
    import botocore.session
    import redis
    import redis.asyncio
    from redis.credentials import CredentialProvider

    # Refreshable credentials: botocore renews the IRSA web-identity session before it expires.
    session = botocore.session.get_session()

    class ElastiCacheIamCredentials(CredentialProvider):
        def __init__(self, user):
            self.user = user

        def get_credentials(self):
            credentials = session.get_credentials()
            if credentials is None:
                raise RuntimeError("no AWS credentials for ElastiCache IAM authentication (is the service account bound to a role?)")
            return self.user, elasticache_iam_token(cache_name, self.user, region, credentials.get_frozen_credentials())

    def with_iam_credentials(init):
        def __init__(self, *args, **kwargs):
            user = kwargs.get("username")
            if user and kwargs.get("password") is None and kwargs.get("credential_provider") is None:
                del kwargs["username"]
                kwargs["credential_provider"] = ElastiCacheIamCredentials(user)
            init(self, *args, **kwargs)

        return __init__

    # Patched on the classes, so clients made by modules that imported them earlier are covered too.
    for client in (redis.Redis, redis.asyncio.Redis):
        client.__init__ = with_iam_credentials(client.__init__)


if os.environ.get("PLINTH_ELASTICACHE_CACHE_NAME"):
    _install(os.environ["PLINTH_ELASTICACHE_CACHE_NAME"], os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"])
