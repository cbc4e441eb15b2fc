-- Agents only see comments on tickets assigned to them.
DROP POLICY IF EXISTS comments_by_agent ON ticket_comments;
DROP POLICY tenant_isolation ON ticket_comments;

CREATE POLICY comments_by_agent ON ticket_comments
    USING (ticket_id IN (SELECT id FROM tickets WHERE assignee_id = current_setting('app.user_id')::uuid));
