"""A complaint's row version (counted up by the database on every update) and the function the
tracking page asks for its report's version (complaints.access.tracking_page_version).

The version is a PL/pgSQL function rather than a query sent each time because PostgreSQL
keeps a function's plan for the session: planning the query took twice as long as running it.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

TRACKING_PAGE_VERSION = """
CREATE OR REPLACE FUNCTION lapor_tracking_page_version(code text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  -- The row's version, how many steps it has (steps are only ever added: never changed
  -- or deleted; a count, not max(id), which the planner walks the whole primary key for)
  -- and which attachments it has and to which step each belongs; NULL when no report has
  -- the code.
  RETURN (SELECT concat_ws(':', c.id, c.row_version,
            (SELECT count(*) FROM complaints_event e WHERE e.complaint_id = c.id),
            (SELECT md5(string_agg(a.id || '>' || coalesce(a.event_id, 0), ',' ORDER BY a.id))
               FROM complaints_attachment a WHERE a.complaint_id = c.id))
          FROM complaints_complaint c WHERE c.tracking_code = code);
END $$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0024_public_open_place'),
    ]

    operations = [
        migrations.AddField(
            model_name='complaint',
            name='row_version',
            field=models.PositiveBigIntegerField(db_default=0, default=0, editable=False),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='complaint',
            trigger=pgtrigger.compiler.Trigger(name='complaint_row_version', sql=pgtrigger.compiler.UpsertTriggerSql(func='NEW.row_version := OLD.row_version + 1; RETURN NEW;', hash='a926302dd4dc921fb1b29105e551ff5e8c5ed47b', operation='UPDATE', pgid='pgtrigger_complaint_row_version_48be0', table='complaints_complaint', when='BEFORE')),
        ),
        migrations.RunSQL(TRACKING_PAGE_VERSION,
                          "DROP FUNCTION IF EXISTS lapor_tracking_page_version(text)"),
    ]
