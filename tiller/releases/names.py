"""Release name checks and generated ``adjective-animal`` names (spec §3.2 step 2)."""

from __future__ import annotations

import logging
import random

from hapi.release import status_pb2

from tiller.errors import TillerError
from tiller.releases.env import MAX_NAME_LENGTH, Env
from tiller.storage.errors import ReleaseNotFoundError

log = logging.getLogger(__name__)

Code = status_pb2.Status.Code
GENERATE_TRIES = 5

# Our own word lists (Helm uses technosophos/moniker; only the shape matters).
_ADJECTIVES = [
    "amber",
    "agile",
    "bold",
    "brave",
    "breezy",
    "bright",
    "calm",
    "clever",
    "cosmic",
    "crisp",
    "curious",
    "dapper",
    "daring",
    "eager",
    "early",
    "earnest",
    "fancy",
    "fearless",
    "fond",
    "gentle",
    "giddy",
    "glad",
    "golden",
    "grand",
    "happy",
    "hardy",
    "honest",
    "humble",
    "jolly",
    "jovial",
    "keen",
    "kind",
    "lively",
    "lucky",
    "mellow",
    "merry",
    "mighty",
    "modest",
    "nimble",
    "noble",
    "patient",
    "plucky",
    "polite",
    "proud",
    "quiet",
    "quirky",
    "rapid",
    "ready",
    "rosy",
    "rustic",
    "shiny",
    "silent",
    "snappy",
    "solid",
    "sparkling",
    "spry",
    "steady",
    "sturdy",
    "sunny",
    "swift",
    "tidy",
    "tranquil",
    "trusty",
    "vivid",
    "warm",
    "wise",
    "witty",
    "zealous",
    "zesty",
]
_ANIMALS = [
    "albatross",
    "alpaca",
    "ant",
    "antelope",
    "badger",
    "bat",
    "bear",
    "beaver",
    "bison",
    "boar",
    "buffalo",
    "camel",
    "cat",
    "cheetah",
    "chipmunk",
    "cobra",
    "condor",
    "coyote",
    "crab",
    "crane",
    "crow",
    "deer",
    "dingo",
    "dolphin",
    "dove",
    "eagle",
    "eel",
    "elk",
    "falcon",
    "ferret",
    "finch",
    "fox",
    "frog",
    "gazelle",
    "gecko",
    "gibbon",
    "goat",
    "goose",
    "gopher",
    "heron",
    "hippo",
    "horse",
    "ibis",
    "iguana",
    "jackal",
    "jaguar",
    "koala",
    "lemur",
    "leopard",
    "lion",
    "llama",
    "lynx",
    "magpie",
    "marmot",
    "meerkat",
    "mole",
    "moose",
    "newt",
    "ocelot",
    "octopus",
    "otter",
    "owl",
    "panda",
    "panther",
    "parrot",
    "pelican",
    "penguin",
    "puma",
    "quail",
    "rabbit",
    "raven",
    "robin",
    "salmon",
    "seal",
    "shark",
    "sloth",
    "sparrow",
    "squid",
    "stork",
    "swan",
    "tapir",
    "tiger",
    "toad",
    "turtle",
    "walrus",
    "weasel",
    "whale",
    "wolf",
    "wombat",
    "yak",
    "zebra",
]


def generate_name(rng: random.Random | None = None) -> str:
    """A random ``adjective-animal`` name, at most 53 characters."""
    pick = rng or random.SystemRandom()
    return f"{pick.choice(_ADJECTIVES)}-{pick.choice(_ANIMALS)}"[:MAX_NAME_LENGTH]


def _history_codes(env: Env, name: str) -> list[int]:
    try:
        records = env.storage.history_records(name)
    except ReleaseNotFoundError:
        return []
    return [r.status_code for r in records[-1:]]


def check_requested_name(env: Env, name: str, reuse: bool) -> bool:
    """Apply Helm's rules to a requested install name.

    Returns:
        Whether the name has a history (so the install replaces it).

    Raises:
        TillerError: the name is too long, or taken (Helm's texts).
    """
    if len(name) > MAX_NAME_LENGTH:
        raise TillerError(f'release name "{name}" exceeds max length of {MAX_NAME_LENGTH}')
    latest = _history_codes(env, name)
    if not latest:
        return False
    if reuse and latest[-1] in (Code.DELETED, Code.FAILED):
        log.info("name %s exists but is not in use, reusing name", name)
        return True
    if reuse:
        raise TillerError(
            f"a release named {name} is in use, cannot re-use a name that is still in use"
        )
    raise TillerError(
        f"a release named {name} already exists.\nRun: helm ls --all {name}; to check the "
        f"status of the release\nOr run: helm del --purge {name}; to delete it"
    )


def pick_free_name(env: Env, rng: random.Random | None = None) -> str:
    """A generated name with no revision 1 yet.

    Raises:
        TillerError: ``no available release name found`` after 5 tries.
    """
    for _ in range(GENERATE_TRIES):
        name = generate_name(rng)
        try:
            env.storage.get(name, 1)
        except ReleaseNotFoundError:
            return name
        log.info("generated name %s is taken, searching again", name)
    raise TillerError("no available release name found")
