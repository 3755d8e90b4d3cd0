CREATE TABLE "capacity" (
	"organisation_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"skill" text NOT NULL,
	"person_weeks" double precision NOT NULL,
	CONSTRAINT "capacity_organisation_id_quarter_skill_pk" PRIMARY KEY("organisation_id","quarter","skill"),
	CONSTRAINT "capacity_person_weeks_check" CHECK ("capacity"."person_weeks" >= 0)
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"decided_on" date NOT NULL,
	"what" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rationale" text NOT NULL,
	"present" jsonb NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"supersedes_id" uuid,
	"recorded_by" text NOT NULL,
	"recorded_by_user_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "decisions_present_check" CHECK (jsonb_typeof("decisions"."present") = 'array' and jsonb_array_length("decisions"."present") > 0)
);
--> statement-breakpoint
CREATE TABLE "do_differently" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "do_differently_problems" (
	"do_differently_id" uuid NOT NULL,
	"problem_id" uuid NOT NULL,
	CONSTRAINT "do_differently_problems_do_differently_id_problem_id_pk" PRIMARY KEY("do_differently_id","problem_id")
);
--> statement-breakpoint
CREATE TABLE "initiative_goals" (
	"initiative_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	CONSTRAINT "initiative_goals_initiative_id_goal_id_pk" PRIMARY KEY("initiative_id","goal_id")
);
--> statement-breakpoint
CREATE TABLE "initiative_hypotheses" (
	"initiative_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"expectation" text NOT NULL,
	"by_date" date,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "initiative_hypotheses_initiative_id_measure_id_pk" PRIMARY KEY("initiative_id","measure_id")
);
--> statement-breakpoint
CREATE TABLE "initiative_problems" (
	"initiative_id" uuid NOT NULL,
	"problem_id" uuid NOT NULL,
	CONSTRAINT "initiative_problems_initiative_id_problem_id_pk" PRIMARY KEY("initiative_id","problem_id")
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"change" text NOT NULL,
	"level" text DEFAULT 'local' NOT NULL,
	"status" text DEFAULT 'idea' NOT NULL,
	"owner_user_id" uuid,
	"sponsor_user_id" uuid,
	"demand" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cost" double precision,
	"start_quarter" text,
	"end_quarter" text,
	"rank" integer NOT NULL,
	"wont_do_reason" text,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stopped_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiatives_level_check" CHECK ("initiatives"."level" in ('system','local')),
	CONSTRAINT "initiatives_status_check" CHECK ("initiatives"."status" in ('idea','proposed','committed','in_progress','paused','stopped','done')),
	CONSTRAINT "initiatives_cost_check" CHECK ("initiatives"."cost" is null or "initiatives"."cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "scoring_models" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"criteria" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stop_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"owner_user_id" uuid,
	"stop_on" date NOT NULL,
	"freed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"money_freed" double precision,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stop_items_kind_check" CHECK ("stop_items"."kind" in ('system','report','meeting','project','contract','other')),
	CONSTRAINT "stop_items_status_check" CHECK ("stop_items"."status" in ('planned','stopped','reversed')),
	CONSTRAINT "stop_items_money_freed_check" CHECK ("stop_items"."money_freed" is null or "stop_items"."money_freed" >= 0)
);
--> statement-breakpoint
ALTER TABLE "capacity" ADD CONSTRAINT "capacity_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_supersedes_id_decisions_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_differently" ADD CONSTRAINT "do_differently_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_differently_problems" ADD CONSTRAINT "do_differently_problems_do_differently_id_do_differently_id_fk" FOREIGN KEY ("do_differently_id") REFERENCES "public"."do_differently"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_differently_problems" ADD CONSTRAINT "do_differently_problems_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_goals" ADD CONSTRAINT "initiative_goals_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_goals" ADD CONSTRAINT "initiative_goals_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_hypotheses" ADD CONSTRAINT "initiative_hypotheses_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_hypotheses" ADD CONSTRAINT "initiative_hypotheses_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_problems" ADD CONSTRAINT "initiative_problems_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_problems" ADD CONSTRAINT "initiative_problems_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_sponsor_user_id_users_id_fk" FOREIGN KEY ("sponsor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_models" ADD CONSTRAINT "scoring_models_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_items" ADD CONSTRAINT "stop_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_items" ADD CONSTRAINT "stop_items_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_organisation_idx" ON "decisions" USING btree ("organisation_id","decided_on");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_supersedes_key" ON "decisions" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "decisions_items_idx" ON "decisions" USING gin ("items");--> statement-breakpoint
CREATE INDEX "do_differently_organisation_idx" ON "do_differently" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "do_differently_problems_problem_idx" ON "do_differently_problems" USING btree ("problem_id");--> statement-breakpoint
CREATE INDEX "initiative_goals_goal_idx" ON "initiative_goals" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "initiative_hypotheses_measure_idx" ON "initiative_hypotheses" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "initiative_problems_problem_idx" ON "initiative_problems" USING btree ("problem_id");--> statement-breakpoint
CREATE INDEX "initiatives_organisation_idx" ON "initiatives" USING btree ("organisation_id","rank");--> statement-breakpoint
CREATE INDEX "stop_items_organisation_idx" ON "stop_items" USING btree ("organisation_id");