"""``tiller``: the Helm v2 release server (also ``python -m tiller``)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse flags, start Tiller and serve until stopped."""
    from tiller.config import parse_config

    config = parse_config(argv)
    logging.basicConfig(
        level=config.log_level.upper(),
        format="[tiller] %(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    from tiller.errors import TillerError
    from tiller.server import serve

    try:
        serve(config)
    except (OSError, TillerError) as err:
        logging.getLogger("tiller").error("cannot start: %s", err)
        return 1
    except RuntimeError as err:  # grpc raises RuntimeError when a port cannot be bound
        logging.getLogger("tiller").error("cannot start: %s (is the port in use?)", err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
