import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.data.IAnswerData;
import org.javarosa.core.model.instance.FormInstance;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.core.model.instance.TreeElement;
import org.javarosa.core.model.instance.TreeReference;
import org.javarosa.core.reference.Reference;
import org.javarosa.core.reference.ReferenceFactory;
import org.javarosa.core.reference.ReferenceManager;
import org.javarosa.model.xform.XFormSerializingVisitor;
import org.javarosa.model.xform.XFormsModule;
import org.javarosa.xform.parse.XFormParser;
import org.javarosa.xform.util.XFormUtils;

/**
 * Loads filled instances of one XForm into JavaRosa the way ODK Collect opens a saved instance
 * (restore the data model, populate a fresh copy of the form's template, initialize so that
 * calculates, relevance and required recompute) and prints every leaf node's value and state.
 *
 * <p>java -cp "$ODK_VALIDATE_JAR:interop/.build" Harness --form F.xml --media DIR
 * --instances IN.jsonl --out OUT.jsonl [--fresh], where --form/--instances/--out may repeat
 * (several forms, e.g. every record type, in one JVM; --media is shared).
 *
 * <p>The form is parsed once; each record gets a deep copy of the pristine main-instance root
 * (--fresh re-parses the form per record instead, to check that reuse changes nothing).
 * Jackson comes from ODK_Validate.jar.
 */
public final class Harness {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Resolves jr://file/NAME and jr://file-csv/NAME (pyxform's CSV prefix) to MEDIA/NAME. */
  static final class MediaFactory implements ReferenceFactory {
    private final File dir;

    MediaFactory(File dir) {
      this.dir = dir;
    }

    private static final String[] ROOTS = {"jr://file/", "jr://file-csv/", "jr://images/"};

    @Override
    public boolean derives(String uri) {
      for (String r : ROOTS) if (uri.startsWith(r)) return true;
      return false;
    }

    @Override
    public Reference derive(String uri) {
      for (String r : ROOTS) {
        if (uri.startsWith(r)) return new MediaRef(uri, new File(dir, uri.substring(r.length())));
      }
      throw new IllegalArgumentException("not a media reference: " + uri);
    }

    @Override
    public Reference derive(String uri, String context) {
      return derive(uri);
    }
  }

  static final class MediaRef implements Reference {
    private final String uri;
    private final File file;

    MediaRef(String uri, File file) {
      this.uri = uri;
      this.file = file;
    }

    public boolean doesBinaryExist() {
      return file.exists();
    }

    public InputStream getStream() throws IOException {
      return new FileInputStream(file);
    }

    public String getURI() {
      return uri;
    }

    public String getLocalURI() {
      return file.getAbsolutePath();
    }

    public boolean isReadOnly() {
      return true;
    }

    public OutputStream getOutputStream() throws IOException {
      throw new IOException("read-only");
    }

    public void remove() throws IOException {
      throw new IOException("read-only");
    }

    public Reference[] probeAlternativeReferences() {
      return new Reference[0];
    }
  }

  private static FormDef parse(byte[] xml) throws Exception {
    return XFormUtils.getFormFromInputStream(new ByteArrayInputStream(xml));
  }

  private static final String USAGE =
      "usage: Harness [--media DIR] [--fresh] --form F.xml --instances IN.jsonl --out OUT.jsonl"
          + " [--form F2.xml --instances IN2.jsonl --out OUT2.jsonl]...";

  public static void main(String[] args) throws Exception {
    String media = null;
    boolean fresh = false;
    java.util.List<String[]> jobs = new java.util.ArrayList<>(); // {form, instances, out}
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--fresh")) {
        fresh = true;
        continue;
      }
      if (i + 1 >= args.length) usage();
      String v = args[++i];
      switch (a) {
        case "--media": media = v; break;
        case "--form": jobs.add(new String[] {v, null, null}); break;
        case "--instances":
          if (jobs.isEmpty()) usage();
          jobs.get(jobs.size() - 1)[1] = v;
          break;
        case "--out":
          if (jobs.isEmpty()) usage();
          jobs.get(jobs.size() - 1)[2] = v;
          break;
        default: usage();
      }
    }
    if (jobs.isEmpty()) usage();
    for (String[] j : jobs) if (j[1] == null || j[2] == null) usage();
    // Registers the factory that restoring typed values needs (Collect does this at start).
    new XFormsModule().registerModule();
    ReferenceManager.instance().addReferenceFactory(new MediaFactory(
        new File(media != null ? media : new File(jobs.get(0)[0]).getAbsoluteFile().getParent())));
    int failed = 0;
    for (String[] j : jobs) {
      if (!run(j[0], j[1], j[2], fresh)) failed++;
    }
    if (System.getenv("HARNESS_PROFILE") != null) {
      System.err.printf("Harness: restore %.2f s, restore+populate %.2f s, initialize %.2f s, walk %.2f s, serialize %.2f s%n",
          PHASES[4] / 1e9, PHASES[0] / 1e9, PHASES[1] / 1e9, PHASES[2] / 1e9, PHASES[3] / 1e9);
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  private static void usage() {
    System.err.println(USAGE);
    System.exit(2);
  }

  /** One form and its instances; false when the form cannot be parsed (records' errors are output). */
  private static boolean run(String form, String in, String out, boolean fresh) throws IOException {
    byte[] formXml = Files.readAllBytes(new File(form).toPath());
    FormDef fd;
    try {
      fd = parse(formXml);
    } catch (Exception e) {
      System.err.println("Harness: cannot parse " + form + ": " + e);
      return false;
    }
    TreeElement pristine = fd.getMainInstance().getRoot().deepCopy(true);
    int n = 0, errors = 0;
    long t0 = System.nanoTime();
    try (BufferedReader r = Files.newBufferedReader(new File(in).toPath(), StandardCharsets.UTF_8);
        BufferedWriter w = new BufferedWriter(
            new OutputStreamWriter(new FileOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        n++;
        ObjectNode result = JSON.createObjectNode();
        String id = null;
        try {
          JsonNode rec = JSON.readTree(line);
          id = rec.path("id").asText(null);
          result.put("id", id);
          String instanceXml = rec.path("instance").asText(null);
          if (instanceXml == null) throw new IllegalArgumentException("no \"instance\" string");
          FormDef f = fresh ? parse(formXml) : fd;
          TreeElement template = fresh ? f.getMainInstance().getRoot().deepCopy(true) : pristine.deepCopy(true);
          evaluate(f, template, instanceXml, result);
        } catch (Throwable e) {
          errors++;
          result.removeAll();
          result.put("id", id);
          result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        w.write(JSON.writeValueAsString(result));
        w.write('\n');
      }
    }
    System.err.printf("Harness: %s: %d records (%d errors) in %.2f s%n",
        new File(form).getName(), n, errors, (System.nanoTime() - t0) / 1e9);
    return true;
  }

  /** As Collect's FormLoaderTask does for a saved instance, then walks the main instance. */
  static final long[] PHASES = new long[5];

  static void evaluate(FormDef fd, TreeElement template, String instanceXml, ObjectNode result)
      throws Exception {
    long t = System.nanoTime();
    FormInstance saved = XFormParser.restoreDataModel(instanceXml.getBytes(StandardCharsets.UTF_8), null);
    TreeElement savedRoot = saved.getRoot();
    PHASES[4] += System.nanoTime() - t;
    if (!savedRoot.getName().equals(template.getName())) {
      throw new IllegalArgumentException(
          "instance root <" + savedRoot.getName() + "> is not the form's <" + template.getName() + ">");
    }
    template.populate(savedRoot, fd);
    fd.getMainInstance().setRoot(template);
    if (fd.getLocalizer() != null && fd.getLocalizer().getLocale() == null) fd.getLocalizer().setToDefault();
    long t1 = System.nanoTime();
    PHASES[0] += t1 - t;
    fd.initialize(false, new InstanceInitializationFactory());
    long t2 = System.nanoTime();
    PHASES[1] += t2 - t1;

    result.put("today", LocalDate.now().toString());
    ArrayNode nodes = result.putArray("nodes");
    walk(fd, fd.getMainInstance().getRoot(), "", nodes);
    long t3 = System.nanoTime();
    PHASES[2] += t3 - t2;
    byte[] xml = new XFormSerializingVisitor(false).serializeInstance(fd.getMainInstance());
    result.put("instance", new String(xml, StandardCharsets.UTF_8));
    PHASES[3] += System.nanoTime() - t3;
  }

  private static void walk(FormDef fd, TreeElement e, String parent, ArrayNode nodes) {
    if (e.getMult() == TreeReference.INDEX_TEMPLATE) return;
    String path = parent + "/" + e.getName() + (e.isRepeatable() ? "[" + (e.getMult() + 1) + "]" : "");
    int k = e.getNumChildren();
    if (k == 0) {
      IAnswerData v = e.getValue();
      ObjectNode o = nodes.addObject();
      o.put("path", path);
      o.put("value", v == null ? "" : v.uncast().getString());
      o.put("relevant", e.isRelevant());
      o.put("required", e.isRequired());
      o.put("constraint", v == null || e.getConstraint() == null || fd.evaluateConstraint(e.getRef(), v));
      return;
    }
    for (int i = 0; i < k; i++) walk(fd, e.getChildAt(i), path, nodes);
  }
}
