output "queue_url" {
  description = "The chart value events.queueUrl (rootaccess.events.queue-url)."
  value       = aws_sqs_queue.events.id
}

output "event_pattern" {
  description = "The pattern the regional forwarders use."
  value       = local.event_pattern
}

output "forwarder_role_arn" {
  value = aws_iam_role.forwarder.arn
}
