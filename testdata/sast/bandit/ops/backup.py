"""Nightly backup helpers run from cron."""
import os
import subprocess
from datetime import date

BACKUP_ROOT = "/srv/backups"


def dump_database(db_name, target_dir):
    out = os.path.join(target_dir, f"{db_name}-{date.today()}.sql.gz")
    # Vulnerable: db_name comes from the job configuration file.
    os.system(f"pg_dump {db_name} | gzip > {out}")
    return out


def archive_uploads(upload_dir):
    os.chdir(upload_dir)
    # Wildcard in a shell command: file names such as "--checkpoint-action=exec=sh x.sh" become options.
    os.system("tar czf /srv/backups/uploads.tgz *")


def disk_usage(path):
    with os.popen("du -sh " + path) as pipe:
        return pipe.read().strip()


def rotate(keep):
    subprocess.run(
        "ls -1t %s | tail -n +%d | xargs rm -f" % (BACKUP_ROOT, keep),
        shell=True,
        check=True,
    )


def fix_ownership(directory):
    # Wildcard again, through subprocess with a shell.
    subprocess.call("chown backup:backup *", shell=True, cwd=directory)


def clear_screen():
    # compare-bandit: deliberate literal-command
    os.system("clear")


def compress(path):
    # Safe: an argument list, no shell.
    subprocess.run(["gzip", "--best", path], check=True)


def checksum(path):
    # Safe: shell explicitly off.
    result = subprocess.run(["sha256sum", path], shell=False, capture_output=True, text=True)
    return result.stdout.split()[0]
