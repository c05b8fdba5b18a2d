"""The search core: everything that knows Whoosh, behind one interface.

`Index(dir).view()` opens the (sharded) index as one consistent view; `search(view,
params)` answers one SearchParams with a SearchPage; `select` + `ordered` + `records`
walk a whole result set (exports); `get_document(view, id)` reads one article, and
`highlight(view, doc, q)` marks a search's words in it. The web layer (views, API,
parameters, errors) only calls these, so that a fan-out over shards, a cluster or another
engine can stand behind the same calls.
"""

from . import fanout
from .guard import QueryLimits
from .histogram import Bucket, Timeline
from .hits import FIRST_MARK, RECORD_FIELDS, Hit, MarkedArticle, SearchPage
from .index import Index, IndexUnavailable, View
from .pipeline import Selection, get_document, highlight, ordered, records, search, select

__all__ = ["FIRST_MARK", "RECORD_FIELDS", "Bucket", "Hit", "Index", "IndexUnavailable",
           "MarkedArticle", "QueryLimits", "SearchPage", "Selection", "Timeline", "View", "fanout",
           "get_document", "highlight", "ordered", "records", "search", "select"]
