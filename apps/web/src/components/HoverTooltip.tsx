import { Tooltip } from 'antd';
import { cloneElement, useState, type CSSProperties, type FocusEvent, type MouseEvent, type ReactElement, type ReactNode } from 'react';

type Armable = ReactElement<{ onMouseEnter?: (e: MouseEvent<HTMLElement>) => void; onFocus?: (e: FocusEvent<HTMLElement>) => void }>;

/**
 * antd's Tooltip, mounted when the pointer (or the focus) first reaches its child and opened then; a
 * list of many rows renders plain elements, and a tooltip costs nothing until someone asks for it.
 * With `whenTruncated`, only when the child's text is cut off (an ellipsis).
 */
export function HoverTooltip({ title, whenTruncated = false, children }: { title: ReactNode; whenTruncated?: boolean; children: Armable }) {
  const [armed, setArmed] = useState(false);
  if (armed) return <Tooltip title={title} defaultOpen>{children}</Tooltip>;
  const arm = (e: MouseEvent<HTMLElement> | FocusEvent<HTMLElement>) => {
    if (!whenTruncated || e.currentTarget.scrollWidth > e.currentTarget.clientWidth) setArmed(true);
  };
  return cloneElement(children, { onMouseEnter: arm, onFocus: arm });
}

/**
 * One line of text that ends in an ellipsis when it does not fit, with the whole text in a tooltip
 * then (as antd's Typography.Text with `ellipsis={{ tooltip }}`, without its measuring on render).
 */
export function EllipsisText({ text, style, children }: { text: string; style?: CSSProperties; children?: ReactNode }) {
  return (
    <HoverTooltip title={text} whenTruncated>
      <span className="text-ellipsis" style={style}>
        {children ?? text}
      </span>
    </HoverTooltip>
  );
}
