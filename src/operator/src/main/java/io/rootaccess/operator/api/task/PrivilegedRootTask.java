package io.rootaccess.operator.api.task;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.rootaccess.operator.api.ApiGroup;

/** A one-shot privileged root task, run at most once, like a Job. */
@JsonClassDescription(
        "A one-shot privileged root task in a member account (unlock an S3 bucket policy, unlock an SQS"
                + " queue policy, or allow root password recovery), run at most once, like a Job.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Categories(ApiGroup.CATEGORY)
@ShortNames("prt")
@AdditionalPrinterColumn(name = "Account", jsonPath = ".spec.accountId")
@AdditionalPrinterColumn(name = "Task", jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
// kubectl get -o wide: the Ready condition's message says why
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class PrivilegedRootTask
        extends CustomResource<PrivilegedRootTaskSpec, PrivilegedRootTaskStatus>
        implements Namespaced {}
