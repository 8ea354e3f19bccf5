"""A feedback writer run as its own process by the tests: adds records as fast as it can
and prints each id once ``add`` has returned (i.e. committed).

    python -m tests.reliability.feedback_writer DATABASE_URL WRITER_NAME COUNT
"""
import sys

from kb.feedback import FeedbackStore


def main() -> None:
    url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = FeedbackStore(url=url)
    for i in range(count):
        n = store.add(f"{name} 问题 {i} '; DROP TABLE feedback; --", [f"svc-{i}"], 1 if i % 2 else -1,
                      comment=f"{name}-{i} <script>x</script>", session=name)
        print(f"{n} {name}-{i}", flush=True)


if __name__ == "__main__":
    main()
