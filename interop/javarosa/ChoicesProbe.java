import java.io.File;
import java.io.FileInputStream;
import java.util.List;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.GroupDef;
import org.javarosa.core.model.IFormElement;
import org.javarosa.core.model.ItemsetBinding;
import org.javarosa.core.model.QuestionDef;
import org.javarosa.core.model.SelectChoice;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.core.model.instance.TreeReference;
import org.javarosa.core.reference.ReferenceManager;
import org.javarosa.model.xform.XFormsModule;
import org.javarosa.xform.util.XFormUtils;

/**
 * Prints, for a new (empty) instance of a form, the choices JavaRosa offers for each select
 * outside repeats whose itemset has no filter on form data, in every language:
 * "lang<TAB>ref<TAB>value<TAB>label". Used to see which CSV column JavaRosa takes as the label.
 * java -cp "$HARNESS_CP" ChoicesProbe FORM.xml MEDIA_DIR
 */
public final class ChoicesProbe {
  public static void main(String[] args) throws Exception {
    new XFormsModule().registerModule();
    ReferenceManager.instance().addReferenceFactory(new Harness.MediaFactory(new File(args[1])));
    FormDef fd = XFormUtils.getFormFromInputStream(new FileInputStream(args[0]));
    fd.initialize(true, new InstanceInitializationFactory());
    for (String lang : fd.getLocalizer().getAvailableLocales()) {
      fd.getLocalizer().setLocale(lang);
      walk(fd, fd.getChildren(), lang);
    }
  }

  private static void walk(FormDef fd, List<IFormElement> kids, String lang) {
    if (kids == null) return;
    for (IFormElement e : kids) {
      if (e instanceof GroupDef) {
        if (!((GroupDef) e).getRepeat()) walk(fd, e.getChildren(), lang);
      } else if (e instanceof QuestionDef) {
        QuestionDef q = (QuestionDef) e;
        ItemsetBinding b = q.getDynamicChoices();
        TreeReference ref = ((TreeReference) q.getBind().getReference());
        List<SelectChoice> choices = b != null ? b.getChoices(fd, ref) : q.getChoices();
        if (choices == null) continue;
        for (SelectChoice c : choices) {
          String label = c.getTextID() != null
              ? fd.getLocalizer().getText(c.getTextID()) : c.getLabelInnerText();
          System.out.println(lang + "\t" + ref + "\t" + c.getValue() + "\t" + label);
        }
      }
    }
  }
}
