"""The function a statement of lapor/bulk.py's insert_together calls to check a condition in
its own snapshot, after writing its rows: a false condition fails the whole statement with
SQLSTATE LP001, so nothing of it is written (used by a filing to check that the deadline's
calendar it kept is still the tables')."""

from django.db import migrations

PROVIDED = """
CREATE OR REPLACE FUNCTION lapor_provided(condition boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF condition IS NOT TRUE THEN
    RAISE EXCEPTION 'a condition of this statement does not hold' USING ERRCODE = 'LP001';
  END IF;
  RETURN true;
END $$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0026_open_category_due"),
    ]

    operations = [
        migrations.RunSQL(PROVIDED, "DROP FUNCTION IF EXISTS lapor_provided(boolean)"),
    ]
