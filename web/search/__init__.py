"""The search core: everything that knows Whoosh, behind one interface.

`Index(dir).view()` opens the (sharded) index as one consistent view; `search(view,
params)` answers one SearchParams with a SearchPage; `get_document(view, id)` reads one
article. The web layer (views, API, parameters, errors) only calls these, so that a fan-out
over shards, a cluster or another engine can stand behind the same calls.
"""

from .guard import QueryLimits
from .hits import Hit, SearchPage
from .index import Index, IndexUnavailable, View
from .pipeline import get_document, search

__all__ = ["Hit", "Index", "IndexUnavailable", "QueryLimits", "SearchPage", "View",
           "get_document", "search"]
