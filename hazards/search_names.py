"""The names register in search (hazards.models.RegisterName): which objects a folded query names, and the other
spellings a search must then look for (Khait finds Хаитское землетрясение; Qayroqqum, Кайраккумское
водохранилище; Ленинабадская область, Согдийская область)."""

from dataclasses import dataclass

from .models import RegisterName

SHORTEST_SPELLING = 4  # a spelling shorter than this (ОҚО, Ош) is searched only as typed, never added to a query
REGISTER_ROWS = 20
MIN_PREFIX = 3  # letters typed before a spelling's beginning names its object


@dataclass(frozen=True)
class Named:
    """Objects of the register a query names: their keys and the folded spellings to search for too."""

    keys: frozenset[str]
    spellings: tuple[str, ...]


def _names_it(folds: list[str], query: str) -> bool:
    """A spelling is named by the query when it is the query or has it as a word, or (from 3 letters typed) begins
    with it, also with spaces and hyphens left out (Mailuusuu, Майлуу-Суу); a word inside a spelling begun is no
    match (Ob names the Ob, not every "oblast")."""
    compact = query.replace(" ", "")
    typed = len(compact) >= MIN_PREFIX
    return any(f == query or query in f.split(" ")
               or (typed and (f.startswith(query) or f.replace(" ", "").startswith(compact))) for f in folds)


def register_named(cursor, query: str, pattern: str) -> Named:
    """The register's objects one of whose spellings the folded `query` names (its LIKE `pattern` first, by the
    register's trigram index) and their other spellings long enough to search for."""
    compact = pattern.replace(" ", "")
    cursor.execute(f"SELECT key, folds FROM {RegisterName._meta.db_table} WHERE text LIKE ANY(%s) ORDER BY key "
                   "LIMIT %s", [[pattern, compact], REGISTER_ROWS])
    named = [(key, folds) for key, folds in cursor.fetchall() if _names_it(folds, query)]
    spellings = {f for _, folds in named for f in folds if len(f) >= SHORTEST_SPELLING and f != query}
    return Named(frozenset(key for key, _ in named), tuple(sorted(spellings)))


def register_name(names: dict, lang: str) -> str:
    """The register's current name of a search entry's object in `lang` (entries carry register_ru, register_kk,
    register_en), or ''."""
    value = (names or {}).get(f"register_{lang}")
    return value if isinstance(value, str) else ""
