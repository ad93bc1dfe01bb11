"""Recognizer speed: start-up time and median/p99 time per utterance over the whole corpus
(train and frozen test part, tests/nlu/corpus.yaml and families.yaml).

Targets (issues 3 and 16): start-up under 200 ms, median under 1 ms per utterance on the
2-core machine. Prints numbers only; this is not a timed test.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def main() -> int:
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    from content.nlu import Recognizer

    recognizer = Recognizer()
    startup_ms = (time.perf_counter() - started) * 1000
    from tests.nlu.corpus import load_cases

    texts = [case.text for case in load_cases()]
    first_pass = []
    for text in texts:
        tick = time.perf_counter()
        recognizer.recognize(text)
        first_pass.append((time.perf_counter() - tick) * 1000)
    timings = []
    for _ in range(ROUNDS):
        for text in texts:
            tick = time.perf_counter()
            recognizer.recognize(text)
            timings.append((time.perf_counter() - tick) * 1000)
    timings.sort()
    print(f"start-up (import + build): {startup_ms:.1f} ms")
    print(f"utterances: {len(texts)} x {ROUNDS} rounds")
    print(f"first pass (cold typo cache): median {statistics.median(first_pass):.3f} ms")
    print(f"median per utterance: {statistics.median(timings):.3f} ms")
    print(f"p95 per utterance:    {timings[int(len(timings) * 0.95)]:.3f} ms")
    print(f"p99 per utterance:    {timings[int(len(timings) * 0.99)]:.3f} ms")
    print(f"max per utterance:    {timings[-1]:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
