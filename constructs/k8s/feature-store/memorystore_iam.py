"""IAM authentication to Memorystore for Redis Cluster for Feast's Redis online store (loaded as `sitecustomize`).

Memorystore's IAM authentication takes the client's Google OAuth access token as the password of a
one-argument AUTH, checked against `redis.clusters.connect`. Feast builds its redis-py clients from a static
connection string (`host:port,ssl=true,...,username=default`), so it cannot refresh a password, and access
tokens live one hour. When PLINTH_MEMORYSTORE_CLUSTER is set, this module gives every redis-py client created
with a username and no password (the cluster client and the clients of its nodes, sync and asyncio) a
credential provider that sends the pod's own access token: asked of the GKE metadata server (Workload
Identity binds the pod's Kubernetes service account to its Google service account), kept while it has more
than five minutes left and asked for again before it expires. Nothing long-lived exists, in the cluster or
in Terraform state. Standard library only, like the rest of what runs before Feast.
"""

import json
import os
import threading
import time
import urllib.error
import urllib.request

# The GKE metadata server answers for the pod's Google service account under Workload Identity.
TOKEN_URL = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"
# A token handed to AUTH must outlive the connection's handshake: fetch a new one this long before expiry.
REFRESH_MARGIN_SECONDS = 300
TIMEOUT_SECONDS = 5


def fetch_access_token(url=TOKEN_URL, timeout=TIMEOUT_SECONDS):
    """The pod's access token and its remaining lifetime in seconds, from the metadata server at `url`."""
    request = urllib.request.Request(url, headers={"Metadata-Flavor": "Google"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise RuntimeError(
            f"no Google access token for Memorystore IAM authentication from {url}: {error} "
            "(does the pod run on GKE with Workload Identity, its service account bound to a Google service account, "
            "and may it reach the metadata server?)"
        ) from error
    token = body.get("access_token") if isinstance(body, dict) else None
    expires_in = body.get("expires_in") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token or not isinstance(expires_in, (int, float)) or isinstance(expires_in, bool):
        raise RuntimeError(f"the metadata server at {url} answered without an access_token and a numeric expires_in")
    return token, expires_in


class AccessTokens:
    """The pod's access token, shared by every connection and fetched again REFRESH_MARGIN_SECONDS before it expires."""

    def __init__(self, url=TOKEN_URL, clock=time.monotonic, fetch=fetch_access_token):
        self._url = url
        self._clock = clock
        self._fetch = fetch
        self._lock = threading.Lock()
        self._token = None
        self._refresh_at = 0.0

    def get(self):
        with self._lock:
            if self._token is None or self._clock() >= self._refresh_at:
                token, expires_in = self._fetch(self._url)
                self._token = token
                self._refresh_at = self._clock() + max(expires_in - REFRESH_MARGIN_SECONDS, 0)
            return self._token


def without_password(kwargs, provider):
    """Replaces a username given without a password by `provider`: the kwargs a patched client is made with."""
    if kwargs.get("username") and kwargs.get("password") is None and kwargs.get("credential_provider") is None:
        kwargs = dict(kwargs)
        # IAM authentication is a one-argument AUTH: the token is the password of the default user.
        del kwargs["username"]
        kwargs["credential_provider"] = provider
    return kwargs


def _install(tokens):
    import redis
    import redis.asyncio
    import redis.asyncio.cluster
    import redis.cluster
    from redis.credentials import CredentialProvider

    class MemorystoreIamCredentials(CredentialProvider):
        def get_credentials(self):
            # A one-element tuple: redis-py sends `AUTH <token>`.
            return (tokens.get(),)

    provider = MemorystoreIamCredentials()

    def with_iam_credentials(init):
        def __init__(self, *args, **kwargs):
            init(self, *args, **without_password(kwargs, provider))

        return __init__

    # Patched on the classes, so clients made by modules that imported them earlier are covered too. The
    # cluster clients pass the provider on to the clients of the nodes they discover.
    for client in (redis.Redis, redis.asyncio.Redis, redis.cluster.RedisCluster, redis.asyncio.cluster.RedisCluster):
        client.__init__ = with_iam_credentials(client.__init__)


if os.environ.get("PLINTH_MEMORYSTORE_CLUSTER"):
    _install(AccessTokens())
