-- Meetings of the rhythm (issue 12, item 3): besides 会办 (coordination), a quarter's 点评 (review)
-- over the units' ranking, a 观摩 (site visit) of chosen projects, and the year's 述职 (duty report)
-- of units, each with its agenda drawn from the data, attendance, minutes and decisions → tasks.
ALTER TABLE meetings DROP CONSTRAINT meetings_kind_check;
ALTER TABLE meetings ADD CONSTRAINT meetings_kind_check CHECK (kind IN ('coordination', 'review', 'site_visit', 'duty_report'));
-- The period whose data the agenda was drawn from (a quarter for 点评, a year for 述职) and the
-- cadence occurrence the meeting holds (the rhythm records it as taken place).
ALTER TABLE meetings ADD COLUMN period text;
ALTER TABLE meetings ADD COLUMN occurrence_id uuid;
ALTER TABLE meetings ADD CONSTRAINT meetings_occurrence_fk FOREIGN KEY (tenant_id, occurrence_id) REFERENCES cadence_occurrences (tenant_id, id) ON DELETE SET NULL (occurrence_id);
CREATE INDEX meetings_occurrence_idx ON meetings (tenant_id, occurrence_id) WHERE occurrence_id IS NOT NULL;

-- An agenda item is about a project problem (会办), a unit (点评, 述职) or a project (观摩); `material`
-- is the data it was drawn from, kept as it was when the agenda was set (the ranking line, the
-- project's progress, the unit's year).
ALTER TABLE meeting_items ADD COLUMN unit_id uuid;
ALTER TABLE meeting_items ADD COLUMN project_id uuid;
ALTER TABLE meeting_items ADD COLUMN material jsonb;
ALTER TABLE meeting_items ADD CONSTRAINT meeting_items_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id);
ALTER TABLE meeting_items ADD CONSTRAINT meeting_items_project_fk FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id);

-- Attendance: who was asked to attend, and whether they came, sent leave or were absent (and who
-- attended in their place).
CREATE TABLE meeting_attendance (
  tenant_id uuid NOT NULL,
  meeting_id uuid NOT NULL,
  position integer NOT NULL,
  name text NOT NULL,
  unit_name text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'leave', 'absent')),
  substitute text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, meeting_id, position),
  FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id) ON DELETE CASCADE
);
