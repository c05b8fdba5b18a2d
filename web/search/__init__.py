"""The search core: everything that knows Whoosh, behind one interface.

`Index(dir).view()` opens the (sharded) index as one consistent view; `search(view,
params)` answers one SearchParams with a SearchPage; `select` + `ordered` + `records`
walk a whole result set (exports); `get_document(view, id)` reads one article. The web
layer (views, API, parameters, errors) only calls these, so that a fan-out over shards, a
cluster or another engine can stand behind the same calls.
"""

from .guard import QueryLimits
from .histogram import Bucket, Timeline
from .hits import RECORD_FIELDS, Hit, SearchPage
from .index import Index, IndexUnavailable, View
from .pipeline import Selection, get_document, ordered, records, search, select

__all__ = ["RECORD_FIELDS", "Bucket", "Hit", "Index", "IndexUnavailable", "QueryLimits",
           "SearchPage", "Selection", "Timeline", "View", "get_document", "ordered",
           "records", "search", "select"]
