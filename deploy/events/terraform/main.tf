# root-access-operator event source (docs/events.md): in the management account (or the IAM delegated
# administrator's), in the queue's region (us-east-1 receives the Organizations and IAM events). For every other
# enabled region where someone may call the regional sts:AssumeRoot endpoint, add the regional-forwarder module
# with a provider of that region.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  event_pattern = jsonencode({
    "detail-type" = ["AWS API Call via CloudTrail", "AWS Service Event via CloudTrail"]
    source        = ["aws.sts", "aws.iam", "aws.organizations"]
    detail = {
      "$or" = [
        {
          eventName = ["AssumeRoot"]
          requestParameters = {
            taskPolicyArn = { arn = ["arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword"] }
          }
        },
        {
          eventName = [
            "EnableOrganizationsRootCredentialsManagement",
            "DisableOrganizationsRootCredentialsManagement",
            "EnableOrganizationsRootSessions",
            "DisableOrganizationsRootSessions",
            "CreateAccount",
            "CreateAccountResult",
            "InviteAccountToOrganization",
            "MoveAccount",
            "RemoveAccountFromOrganization",
            "CloseAccount",
          ]
        },
      ]
    }
  })
}

resource "aws_sqs_queue" "events" {
  name                       = var.queue_name
  sqs_managed_sse_enabled    = true
  visibility_timeout_seconds = 120    # hidden while the operator's reaction runs
  receive_wait_time_seconds  = 20     # long polling
  message_retention_seconds  = 345600 # 4 days
}

resource "aws_cloudwatch_event_rule" "events" {
  name          = "root-access-operator-events"
  description   = "root-access-operator - calls by which root credentials can come back to a member account"
  event_pattern = local.event_pattern
}

resource "aws_cloudwatch_event_target" "queue" {
  rule = aws_cloudwatch_event_rule.events.name
  arn  = aws_sqs_queue.events.arn
}

data "aws_iam_policy_document" "queue" {
  statement {
    sid       = "EventBridgeRuleOnly"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.events.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = data.aws_iam_policy_document.queue.json
}

# The operator's extra permissions, attached to its role (IRSA or Pod Identity) when its name is given.
data "aws_iam_policy_document" "operator" {
  statement {
    sid = "ReadTheEventQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.events.arn]
  }
}

resource "aws_iam_role_policy" "operator" {
  count  = var.operator_role_name == "" ? 0 : 1
  name   = "root-access-operator-events"
  role   = var.operator_role_name
  policy = data.aws_iam_policy_document.operator.json
}

# The role the regional forwarders use to put events on this region's default bus.
data "aws_iam_policy_document" "forwarder_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "forwarder" {
  name               = "root-access-operator-events-forwarder"
  assume_role_policy = data.aws_iam_policy_document.forwarder_trust.json
}

resource "aws_iam_role_policy" "forwarder" {
  name = "put-on-queue-region-bus"
  role = aws_iam_role.forwarder.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "events:PutEvents"
      Resource = "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:event-bus/default"
    }]
  })
}
