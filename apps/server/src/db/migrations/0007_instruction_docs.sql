-- 领导批示件 (issue 8, item 13): a leader's written instruction on a letter or report is a
-- directive of its own kind. Who instructed, when and on what are kept beside the instructed text
-- (the body, parsed like any directive); a scan of the instructed document may be attached
-- (attachments.owner_type = 'directive').

ALTER TABLE directives DROP CONSTRAINT directives_kind_check;
ALTER TABLE directives ADD CONSTRAINT directives_kind_check CHECK (kind IN ('speech', 'minutes', 'plan', 'other', 'instruction_doc'));

ALTER TABLE directives ADD COLUMN instructed_by text;
ALTER TABLE directives ADD COLUMN instructed_on date;
ALTER TABLE directives ADD COLUMN instruction_subject text;
ALTER TABLE directives ADD COLUMN scan_attachment_id uuid;

-- An instruction document names who instructed, when and on what; other kinds name none of them.
ALTER TABLE directives ADD CONSTRAINT directives_instruction_check CHECK (
  (kind = 'instruction_doc') = (instructed_by IS NOT NULL AND instructed_on IS NOT NULL AND instruction_subject IS NOT NULL)
);
