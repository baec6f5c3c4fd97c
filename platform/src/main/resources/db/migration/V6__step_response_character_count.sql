-- StepResponseSaved revision 2 carries the response's length in characters; rows projected before it
-- get theirs from the text they hold (char_length counts code points, as the event does).
ALTER TABLE step_responses ADD COLUMN character_count INTEGER;
UPDATE step_responses SET character_count = char_length(coalesce(response_text, ''));
ALTER TABLE step_responses ALTER COLUMN character_count SET NOT NULL;
