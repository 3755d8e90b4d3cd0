ALTER TABLE "capabilities" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "capabilities" ADD COLUMN "retired_by" text;--> statement-breakpoint
ALTER TABLE "capabilities" ADD COLUMN "retired_reason" text;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_retired_check" CHECK (("capabilities"."retired_at" is null) = ("capabilities"."retired_by" is null) and ("capabilities"."retired_at" is null) = ("capabilities"."retired_reason" is null));