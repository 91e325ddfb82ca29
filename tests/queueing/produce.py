"""A producer process for the tests: ``python -m tests.queueing.produce QUEUE BROKER FIRST LAST``.

Puts messages FIRST to LAST (exclusive) of the corpus, in corpus order, on the queue,
with the tests' fixed reception time, five messages per task. Exits 0 when all were
queued (unreadable files are the workers' to dead-letter and are queued too when
they can be read at all).
"""

from __future__ import annotations

import sys

from bouncekit.queue import NotQueued, Producer, QueueSettings
from bouncekit.sources import iter_messages
from tests.conftest import CORPUS
from tests.queueing.conftest import RECEIVED


def main(queue: str, broker: str, first: int, last: int) -> int:
    inputs = list(iter_messages([str(CORPUS)]))[first:last]
    with Producer(QueueSettings(broker_url=broker, queue=queue)) as producer:
        outcomes = list(producer.enqueue_many(inputs, received_at=RECEIVED, parcel_messages=5))
    problems = [o for o in outcomes if isinstance(o, NotQueued) and "empty" not in o.error]
    for problem in problems:
        print(problem.error, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
