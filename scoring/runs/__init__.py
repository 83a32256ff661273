"""Score runs: an event's inputs fixed by a hash (and, read with them, the cohort's ES figures
the T-scores need), scored in chunks on Celery workers, then one final step for what needs
the whole cohort's results (item analysis, aggregates).

- `inputs`: what a run reads, and the hash that fixes it;
- `lifecycle`: starting, publishing, stopping and watching a run;
- `pipeline`: the work of the tasks (chunks, the final step, resending), the only module
  scoring/tasks.py calls;
- `summary`: the figures the final step stores, and the typed view pages read them through;
- `groups`: the per-group statistics (pure).

Every step is idempotent: a chunk is scored under a lock on its row and marked done in the
same transaction, so a chunk delivered twice (a worker killed after its work, before its
acknowledgement) writes the same rows once. The final step checks that every chunk is done
and that the inputs still hash to what the run recorded; a published run is never changed.
"""
