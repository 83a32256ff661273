"""Run every benchmark and print its figures: `python -m bench [--rows N]`."""

import argparse

from bench import participant_import


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="participants in the file")
    parser.add_argument("--skip-baseline", action="store_true", help="only our importer")
    args = parser.parse_args()
    participant_import.run(rows=args.rows, baseline=not args.skip_baseline)


if __name__ == "__main__":
    main()
