extension Schema {
    static let v27 = Migration(
        version: 27, name: "征集调查 and 在线访谈: surveys with one answer per person, interviews with reviewed questions and a transcript",
        statements: [
            // I1: a survey. `data` holds the whole survey (questions, 说明, 征求意见稿, 采纳情况) as JSON;
            // the other columns are what lists and the year's figures query on.
            """
            CREATE TABLE surveys (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), kind TEXT NOT NULL, title TEXT NOT NULL,
                opens_on TEXT NOT NULL, closes_on TEXT NOT NULL, published BIGINT NOT NULL, concluded_at BIGINT,
                version BIGINT NOT NULL, changed_at BIGINT NOT NULL, data TEXT NOT NULL)
            """,
            "CREATE INDEX surveys_site ON surveys (site_id, opens_on)",
            // I1: one answer per person: person_key is the keyed digest of the browser's survey
            // token, unique per survey; address is kept for the hourly limit of one network address.
            """
            CREATE TABLE survey_answers (
                id TEXT PRIMARY KEY, survey_id TEXT NOT NULL REFERENCES surveys(id), site_id TEXT NOT NULL,
                person_key TEXT NOT NULL, address TEXT NOT NULL, answered_at BIGINT NOT NULL, data TEXT NOT NULL,
                UNIQUE (survey_id, person_key))
            """,
            "CREATE INDEX survey_answers_address ON survey_answers (survey_id, address, answered_at)",
            "CREATE INDEX survey_answers_site ON survey_answers (site_id, answered_at)",
            // I1: an interview (在线访谈): guests, 预告, state and the transcript (文字实录) in `data`.
            """
            CREATE TABLE interviews (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), title TEXT NOT NULL, starts_at BIGINT NOT NULL,
                state TEXT NOT NULL, ended_at BIGINT, version BIGINT NOT NULL, changed_at BIGINT NOT NULL, data TEXT NOT NULL)
            """,
            "CREATE INDEX interviews_site ON interviews (site_id, starts_at)",
            // I1: a question from the public, reviewed before it is shown or answered.
            """
            CREATE TABLE interview_questions (
                id TEXT PRIMARY KEY, interview_id TEXT NOT NULL REFERENCES interviews(id), site_id TEXT NOT NULL,
                state TEXT NOT NULL, asked_at BIGINT NOT NULL, answered_at BIGINT, address TEXT NOT NULL, data TEXT NOT NULL)
            """,
            "CREATE INDEX interview_questions_interview ON interview_questions (interview_id, asked_at)",
            "CREATE INDEX interview_questions_address ON interview_questions (address, asked_at)",
            "CREATE INDEX interview_questions_site ON interview_questions (site_id, asked_at)",
        ])
}
