"""Run every benchmark and print its figures: `python -m bench [--rows N]`."""

import argparse

from bench import (
    attendance_load,
    messages,
    offline_sync,
    pages,
    participant_import,
    schedule,
    score_run,
    scoring,
    solver,
    talent,
    targets,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="participants in the file")
    parser.add_argument("--skip-baseline", action="store_true", help="only our importer")
    parser.add_argument(
        "--only",
        choices=[
            "import",
            "solver",
            "schedule",
            "attendance",
            "scoring",
            "score-run",
            "messages",
            "talent",
            "pages",
            "offline-sync",
        ],
        help="run one benchmark only",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="pages: sweep the database built before again"
    )
    args = parser.parse_args()
    if args.only in (None, "import"):
        participant_import.run(rows=args.rows, baseline=not args.skip_baseline)
    if args.only in (None, "solver"):
        solver.run()
    if args.only in (None, "schedule"):
        schedule.run()
    if args.only in (None, "scoring"):
        scoring.run()
    if args.only in (None, "score-run"):
        score_run.run()
    if args.only in (None, "messages"):
        messages.run()
    if args.only in (None, "talent"):
        talent.run()
    if args.only in (None, "pages"):
        pages.run(reuse=args.reuse)
    if args.only in (None, "offline-sync"):
        offline_sync.run()
    if args.only in (None, "attendance"):
        attendance_load.run(pace=attendance_load.PACE)
        attendance_load.run(pace=0)
    targets.print_table()


if __name__ == "__main__":
    main()
