package dev.pulldoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The test-side HCL reader reads the constructs the module is written with, and no less. */
class DeploymentHclReaderTest {

  @Test
  void blocks_haveTheirLabelsAttributesAndNestedBlocks_inOrder() {
    List<Hcl.Block> blocks =
        Hcl.parse(
            """
            # a comment
            resource "google_pubsub_topic" "events" {
              name = "x" // another
              /* a block
                 comment */
              labels = { app = "pull-doctor" }
              ttl_config {}
              dynamic "fields" {
                for_each = each.value.fields
                content { field_path = fields.value.fieldPath }
              }
            }
            locals {
              a = 1
            }
            """,
            "t.tf");

    assertThat(blocks).extracting(Hcl.Block::type).containsExactly("resource", "locals");
    Hcl.Block topic = blocks.get(0);
    assertThat(topic.labels()).containsExactly("google_pubsub_topic", "events");
    assertThat(topic.attributes()).containsOnlyKeys("name", "labels");
    assertThat(topic.attribute("name").string()).isEqualTo("x");
    assertThat(topic.attribute("labels").objectKeys()).containsExactly("app");
    assertThat(topic.block("ttl_config").attributes()).isEmpty();
    Hcl.Block fields = topic.block("dynamic");
    assertThat(fields.labels()).containsExactly("fields");
    assertThat(fields.block("content").attribute("field_path").normalized())
        .isEqualTo("fields.value.fieldPath");
    assertThat(topic.where()).isEqualTo("t.tf:2");
  }

  @Test
  void expressions_spanLinesInsideBrackets_andEndAtTheLineOutside() {
    Hcl.Block b =
        Hcl.parse(
                """
                locals {
                  gate = (
                    local.mode == "apply" # why
                    ? toset(var.remediation.repositories)
                    : toset([])
                  )
                  next = "n"
                }
                """,
                "t.tf")
            .get(0);

    Hcl.Conditional c = b.attribute("gate").conditional().orElseThrow();
    assertThat(c.condition().normalized()).isEqualTo("local.mode == \"apply\"");
    assertThat(c.then().references()).containsExactly("var.remediation.repositories");
    assertThat(c.otherwise().normalized()).isEqualTo("toset([])");
    assertThat(b.attribute("next").string()).isEqualTo("n");
  }

  @Test
  void references_includeInterpolations_splats_andIndexes_butNotFunctionsOrKeys() {
    Hcl.Block b =
        Hcl.parse(
                """
                locals {
                  a = "pubsub.googleapis.com/${google_pubsub_topic.events.id}"
                  b = one(concat(google_logging_project_sink.events[*].writer_identity, [x]))
                  c = { for pair in setproduct(var.p, local.r) : "${pair[0]}" => { role = pair[1] } }
                  d = "${"nested ${local.inner} quote"}"
                  e = "$${not.a.reference}"
                }
                """,
                "t.tf")
            .get(0);

    assertThat(b.attribute("a").references()).containsExactly("google_pubsub_topic.events.id");
    assertThat(b.attribute("b").references())
        .containsExactly("google_logging_project_sink.events[*].writer_identity");
    assertThat(b.attribute("c").references()).containsExactly("var.p", "local.r");
    assertThat(b.attribute("d").references()).containsExactly("local.inner");
    assertThat(b.attribute("e").references()).isEmpty();
    assertThat(b.attribute("e").string()).isEqualTo("${not.a.reference}");
    assertThat(b.attribute("a").soleReference()).isEmpty();
    assertThat(b.attribute("b").soleReference()).isEmpty();
  }

  @Test
  void heredocs_keepTheirText_withIndentationStripped_andTheirInterpolations() {
    Hcl.Block b =
        Hcl.parse(
                """
                locals {
                  doc = <<-EOT
                    Cluster `$${metric.label.cluster}`
                      in ${local.collection}
                  EOT
                  after = true
                }
                """,
                "t.tf")
            .get(0);

    Hcl.Token doc = b.attribute("doc").significant().get(0);
    assertThat(doc.kind()).isEqualTo(Hcl.Kind.HEREDOC);
    assertThat(doc.value())
        .isEqualTo("Cluster `${metric.label.cluster}`\n  in ${local.collection}\n");
    assertThat(b.attribute("doc").references()).containsExactly("local.collection");
    assertThat(b.attribute("after").normalized()).isEqualTo("true");
  }

  @Test
  void stringLists_areReadPlainOrWrapped() {
    Hcl.Block b =
        Hcl.parse(
                """
                locals {
                  plain = [
                    "roles/a", # why a
                    "roles/b",
                  ]
                  wrapped = toset(["x"])
                  mixed = ["x", var.y]
                }
                """,
                "t.tf")
            .get(0);

    assertThat(b.attribute("plain").stringList()).containsExactly("roles/a", "roles/b");
    assertThat(b.attribute("wrapped").stringList()).containsExactly("x");
    assertThat(b.attribute("mixed").isStringList()).isFalse();
  }

  @Test
  void malformedInput_failsWithFileAndLine() {
    assertThatThrownBy(() -> Hcl.parse("resource \"a\" \"b\" {\n  x = (1\n}\n", "bad.tf"))
        .hasMessageStartingWith("bad.tf:");
    assertThatThrownBy(() -> Hcl.parse("locals {\n  x = \"open\n}\n", "bad.tf"))
        .hasMessageContaining("bad.tf:2");
    assertThatThrownBy(() -> Hcl.parse("x = 1\n", "bad.tf"))
        .hasMessageContaining("top-level attribute");
  }
}
