-- The reporting period a task owes and has not reported for, written with its light (the light
-- pass works it out anyway: it is the "进展未报送" of the light's reason). The home page's
-- 本期未报送 count and its list filter read it, rather than matching the reason's words.
ALTER TABLE tasks ADD COLUMN report_missed text;

-- Tasks already lit: the period named in their own reason (a child's reason quotes it in 下级任务“…”,
-- a 长期坚持 task's starts with 长期坚持：). The nightly pass rewrites the column for every open task.
UPDATE tasks SET report_missed = substring(light_reason from '([0-9]{4}[^；“ ]*) 进展未报送')
WHERE status IN ('acknowledged', 'in_progress', 'returned') AND light_reason ~ '(^|；)[^；“]*进展未报送';
