import DOMPurify from "dompurify";

export function Bio(props: { html: string }) {
  return (
    <div>
      {/* gatehouse-expect: js-react-dangerously-set-inner-html */}
      <p dangerouslySetInnerHTML={{ __html: props.html }} />
      {/* gatehouse-expect: js-react-dangerously-set-inner-html */}
      <p dangerouslySetInnerHTML={{ __html: `<b>${props.html}</b>` }} />
      {/* gatehouse-ok: js-react-dangerously-set-inner-html */}
      <p dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(props.html) }} />
      {/* gatehouse-ok: js-react-dangerously-set-inner-html */}
      <p dangerouslySetInnerHTML={{ __html: "<br/>" }} />
    </div>
  );
}
