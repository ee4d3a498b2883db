# In another region of the same account: forwards the same events to the queue region's default bus.
#   module "forward_eu_west_1" {
#     source            = "./regional-forwarder"
#     providers         = { aws = aws.eu_west_1 }
#     queue_region      = "us-east-1"
#     event_pattern     = module.root_access_events.event_pattern
#     forwarder_role_arn = module.root_access_events.forwarder_role_arn
#   }

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "queue_region" { type = string }
variable "event_pattern" { type = string }
variable "forwarder_role_arn" { type = string }

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_cloudwatch_event_rule" "forward" {
  name          = "root-access-operator-events-forward"
  description   = "root-access-operator - forwards recoveries allowed in this region to the queue region"
  event_pattern = var.event_pattern
}

resource "aws_cloudwatch_event_target" "queue_region_bus" {
  rule     = aws_cloudwatch_event_rule.forward.name
  arn      = "arn:${data.aws_partition.current.partition}:events:${var.queue_region}:${data.aws_caller_identity.current.account_id}:event-bus/default"
  role_arn = var.forwarder_role_arn
}
