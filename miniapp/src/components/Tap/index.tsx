import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface TapProps {
  children: ReactNode;
  onTap: () => void;
  kind?: 'primary' | 'secondary' | 'plain' | 'danger';
  disabled?: boolean;
  block?: boolean;
  small?: boolean;
  /** stable hook for tests and screen readers */
  label?: string;
  className?: string;
}

/** A button-like tap target, at least 44×44 px on every platform. */
export function Tap({ children, onTap, kind = 'secondary', disabled, block, className, label }: TapProps) {
  return (
    <View
      className={`tap tap--${kind} ${block ? 'tap--block' : ''} ${disabled ? 'tap--disabled' : ''} ${className ?? ''}`}
      hoverClass='tap--hover'
      ariaRole='button'
      ariaLabel={label}
      onClick={() => {
        if (!disabled) onTap();
      }}
    >
      {children}
    </View>
  );
}
