-- 长期坚持 tasks (issue 8, item 3). A task now needs a deadline (完成时限) unless it is marked
-- long-term: standing work with no end date, lit by its report rhythm instead. Existing tasks keep
-- what they have (a task without a deadline stays as it was; the check is made when tasks are created).
ALTER TABLE tasks ADD COLUMN long_term boolean NOT NULL DEFAULT false;
