output "function" {
  description = "The deployed function."
  value       = module.pull_doctor.function
}

output "service_account" {
  description = "Pull Doctor's service account."
  value       = module.pull_doctor.service_account
}

output "topic" {
  description = "The topic the log sink publishes to; publish a LogEntry here to test the function."
  value       = module.pull_doctor.topic
}
