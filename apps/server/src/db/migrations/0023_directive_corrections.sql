-- Explainable drafts (issue 14, item 5): a found target keeps why the parser read it forward (the
-- rule and the words that decided), and every correction a person makes to the parser's findings
-- (a target that is a statistic, a statistic that is a target, a name that is no name) is kept with
-- the directive, so the library can say per field how often people had to correct the parser.
ALTER TABLE directive_targets ADD COLUMN why jsonb;

CREATE TABLE directive_corrections (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  directive_id uuid NOT NULL,
  field text NOT NULL CHECK (field IN ('targets', 'statistics', 'people', 'places', 'organizations')),
  action text NOT NULL CHECK (action IN ('to-statistic', 'to-target', 'drop')),
  item jsonb NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, directive_id) REFERENCES directives (tenant_id, id)
);
CREATE INDEX directive_corrections_directive_idx ON directive_corrections (tenant_id, directive_id);
